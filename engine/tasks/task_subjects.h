// The subjects of the per-subject tasks (MMLU, C-Eval): the key used in file names, the name the
// prompt's description shows, and the category whose average the report gives.
#pragma once
#include <span>
#include <string_view>

namespace rs {

struct SubjectInfo {
    const char* key;       // "high_school_geography"
    const char* name;      // "high school geography", "高中地理"
    const char* category;  // "social_sciences"
};

// MMLU: the 57 subjects and the category lm-eval-harness groups each under (mmlu_stem, ...).
inline constexpr SubjectInfo kMmluSubjects[] = {
    {"abstract_algebra", "abstract algebra", "stem"},
    {"anatomy", "anatomy", "stem"},
    {"astronomy", "astronomy", "stem"},
    {"business_ethics", "business ethics", "other"},
    {"clinical_knowledge", "clinical knowledge", "other"},
    {"college_biology", "college biology", "stem"},
    {"college_chemistry", "college chemistry", "stem"},
    {"college_computer_science", "college computer science", "stem"},
    {"college_mathematics", "college mathematics", "stem"},
    {"college_medicine", "college medicine", "other"},
    {"college_physics", "college physics", "stem"},
    {"computer_security", "computer security", "stem"},
    {"conceptual_physics", "conceptual physics", "stem"},
    {"econometrics", "econometrics", "social_sciences"},
    {"electrical_engineering", "electrical engineering", "stem"},
    {"elementary_mathematics", "elementary mathematics", "stem"},
    {"formal_logic", "formal logic", "humanities"},
    {"global_facts", "global facts", "other"},
    {"high_school_biology", "high school biology", "stem"},
    {"high_school_chemistry", "high school chemistry", "stem"},
    {"high_school_computer_science", "high school computer science", "stem"},
    {"high_school_european_history", "high school european history", "humanities"},
    {"high_school_geography", "high school geography", "social_sciences"},
    {"high_school_government_and_politics", "high school government and politics", "social_sciences"},
    {"high_school_macroeconomics", "high school macroeconomics", "social_sciences"},
    {"high_school_mathematics", "high school mathematics", "stem"},
    {"high_school_microeconomics", "high school microeconomics", "social_sciences"},
    {"high_school_physics", "high school physics", "stem"},
    {"high_school_psychology", "high school psychology", "social_sciences"},
    {"high_school_statistics", "high school statistics", "stem"},
    {"high_school_us_history", "high school us history", "humanities"},
    {"high_school_world_history", "high school world history", "humanities"},
    {"human_aging", "human aging", "other"},
    {"human_sexuality", "human sexuality", "social_sciences"},
    {"international_law", "international law", "humanities"},
    {"jurisprudence", "jurisprudence", "humanities"},
    {"logical_fallacies", "logical fallacies", "humanities"},
    {"machine_learning", "machine learning", "stem"},
    {"management", "management", "other"},
    {"marketing", "marketing", "other"},
    {"medical_genetics", "medical genetics", "other"},
    {"miscellaneous", "miscellaneous", "other"},
    {"moral_disputes", "moral disputes", "humanities"},
    {"moral_scenarios", "moral scenarios", "humanities"},
    {"nutrition", "nutrition", "other"},
    {"philosophy", "philosophy", "humanities"},
    {"prehistory", "prehistory", "humanities"},
    {"professional_accounting", "professional accounting", "other"},
    {"professional_law", "professional law", "humanities"},
    {"professional_medicine", "professional medicine", "other"},
    {"professional_psychology", "professional psychology", "social_sciences"},
    {"public_relations", "public relations", "social_sciences"},
    {"security_studies", "security studies", "social_sciences"},
    {"sociology", "sociology", "social_sciences"},
    {"us_foreign_policy", "us foreign policy", "social_sciences"},
    {"virology", "virology", "other"},
    {"world_religions", "world religions", "humanities"},
};
// C-Eval: the 52 subjects with their Chinese names (the prompt's description) and C-Eval's
// four categories (subject_mapping.json: 20 STEM, 10 social science, 11 humanities, 11 other).
inline constexpr SubjectInfo kCevalSubjects[] = {
    {"computer_network", "计算机网络", "stem"},
    {"operating_system", "操作系统", "stem"},
    {"computer_architecture", "计算机组成", "stem"},
    {"college_programming", "大学编程", "stem"},
    {"college_physics", "大学物理", "stem"},
    {"college_chemistry", "大学化学", "stem"},
    {"advanced_mathematics", "高等数学", "stem"},
    {"probability_and_statistics", "概率统计", "stem"},
    {"discrete_mathematics", "离散数学", "stem"},
    {"electrical_engineer", "注册电气工程师", "stem"},
    {"metrology_engineer", "注册计量师", "stem"},
    {"high_school_mathematics", "高中数学", "stem"},
    {"high_school_physics", "高中物理", "stem"},
    {"high_school_chemistry", "高中化学", "stem"},
    {"high_school_biology", "高中生物", "stem"},
    {"middle_school_mathematics", "初中数学", "stem"},
    {"middle_school_biology", "初中生物", "stem"},
    {"middle_school_physics", "初中物理", "stem"},
    {"middle_school_chemistry", "初中化学", "stem"},
    {"veterinary_medicine", "兽医学", "stem"},
    {"college_economics", "大学经济学", "social_science"},
    {"business_administration", "工商管理", "social_science"},
    {"marxism", "马克思主义基本原理", "social_science"},
    {"mao_zedong_thought", "毛泽东思想和中国特色社会主义理论体系概论", "social_science"},
    {"education_science", "教育学", "social_science"},
    {"teacher_qualification", "教师资格", "social_science"},
    {"high_school_politics", "高中政治", "social_science"},
    {"high_school_geography", "高中地理", "social_science"},
    {"middle_school_politics", "初中政治", "social_science"},
    {"middle_school_geography", "初中地理", "social_science"},
    {"modern_chinese_history", "近代史纲要", "humanities"},
    {"ideological_and_moral_cultivation", "思想道德修养与法律基础", "humanities"},
    {"logic", "逻辑学", "humanities"},
    {"law", "法学", "humanities"},
    {"chinese_language_and_literature", "中国语言文学", "humanities"},
    {"art_studies", "艺术学", "humanities"},
    {"professional_tour_guide", "导游资格", "humanities"},
    {"legal_professional", "法律职业资格", "humanities"},
    {"high_school_chinese", "高中语文", "humanities"},
    {"high_school_history", "高中历史", "humanities"},
    {"middle_school_history", "初中历史", "humanities"},
    {"civil_servant", "公务员", "other"},
    {"sports_science", "体育学", "other"},
    {"plant_protection", "植物保护", "other"},
    {"basic_medicine", "基础医学", "other"},
    {"clinical_medicine", "临床医学", "other"},
    {"urban_and_rural_planner", "注册城乡规划师", "other"},
    {"accountant", "注册会计师", "other"},
    {"fire_engineer", "注册消防工程师", "other"},
    {"environmental_impact_assessment_engineer", "环境影响评价工程师", "other"},
    {"tax_accountant", "税务师", "other"},
    {"physician", "医师资格", "other"},
};

// The entry of `key` in `table`, or nullptr.
inline const SubjectInfo* find_subject(std::span<const SubjectInfo> table, std::string_view key) {
    for (const auto& s : table)
        if (key == s.key) return &s;
    return nullptr;
}

}  // namespace rs
