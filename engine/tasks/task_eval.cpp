#include "tasks/task_eval.h"

#include <chrono>
#include <cmath>
#include <map>

#include "core/error.h"

namespace rs {
namespace {

// Questions handed to the scorer at once (it packs them into passes of kPackedRows tokens);
// progress and cancellation come between batches.
constexpr size_t kQuestionsPerBatch = 32;

// Python's len() of a str: code points.
double code_points(const std::string& s) {
    double n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) n += 1;
    return n;
}

size_t first_max(const std::vector<double>& v) {
    size_t best = 0;
    for (size_t i = 1; i < v.size(); ++i)
        if (v[i] > v[best]) best = i;
    return best;
}

// Mean and sample variance (n - 1) of 0/1 scores.
struct Moments {
    int n = 0;
    double sum = 0, sum_sq = 0;
    void add(double x) {
        ++n;
        sum += x;
        sum_sq += x * x;
    }
    double mean() const { return n ? sum / n : 0; }
    double var() const { return n > 1 ? (sum_sq - sum * sum / n) / (n - 1) : 0; }
};

// lm-eval's pooled_sample_stderr, as a variance: sum (n_i - 1) var_i / (N - k).
struct Pool {
    int n = 0, groups = 0;
    double weighted = 0;
    void add(int n_i, double var_i) {
        n += n_i;
        ++groups;
        weighted += (n_i - 1) * var_i;
    }
    double var() const { return n > groups ? weighted / (n - groups) : 0; }
    double stderr_of_mean() const { return n ? std::sqrt(var() / n) : 0; }
};

double stderr_of(const Moments& m) { return m.n > 1 ? std::sqrt(m.var() / m.n) : 0; }


}  // namespace

std::string fewshot_prefix(const TaskDef& def, const std::string& subject, const std::vector<TaskDoc>& examples) {
    std::string s = def.description(subject);
    for (const TaskDoc& e : examples) {
        const std::string& answer = e.choices[static_cast<size_t>(e.gold)];
        switch (def.kind) {
            case TaskKind::Choice: s += e.text + " " + answer; break;
            case TaskKind::ChoiceInContext: s += answer + " " + e.target; break;
            case TaskKind::Continuation: s += e.text + " " + e.target; break;
        }
        s += "\n\n";
    }
    return s;
}

std::vector<LoglikelihoodRequest> task_requests(const TaskDef& def, const TaskDoc& doc, const std::string& prefix) {
    std::vector<LoglikelihoodRequest> r;
    switch (def.kind) {
        case TaskKind::Choice:
            for (const auto& c : doc.choices) r.push_back({prefix + doc.text, " " + c});
            break;
        case TaskKind::ChoiceInContext:
            for (const auto& c : doc.choices) r.push_back({prefix + c, " " + doc.target});
            break;
        case TaskKind::Continuation: r.push_back({prefix + doc.text, doc.target}); break;
    }
    return r;
}

std::vector<TaskData> load_tasks(const TaskSettings& settings) {
    check_task_settings(settings, "");
    std::vector<TaskData> out;
    for (const auto& key : settings.tasks) {
        const TaskDef& def = *find_task(key);
        out.push_back(load_task_data(def, settings.data, shots_for(def, settings), settings.limit));
    }
    return out;
}

std::vector<TaskScore> evaluate_tasks(Forward& forward, const Tokenizer& tokenizer, const TaskSettings& settings,
                                      const Progress& progress) {
    return evaluate_tasks(forward, tokenizer, load_tasks(settings), settings, progress);
}

std::vector<TaskScore> evaluate_tasks(Forward& forward, const Tokenizer& tokenizer, const std::vector<TaskData>& data,
                                      const TaskSettings& settings, const Progress& progress) {
    const int context = forward.model().cfg.max_context;
    if (settings.max_length > context)
        fail_input("", "task max_length " + std::to_string(settings.max_length) + " exceeds the model's context of " +
                           std::to_string(context));
    const int max_length = settings.max_length > 0 ? settings.max_length : context;
    LoglikelihoodScorer scorer(forward, tokenizer, max_length);
    int64_t total = 0, done = 0;
    for (const auto& t : data) total += static_cast<int64_t>(t.docs.size());
    std::vector<TaskScore> scores;
    for (const TaskData& t : data) {
        const TaskDef& def = *t.def;
        const auto t0 = std::chrono::steady_clock::now();
        const int64_t tokens0 = scorer.tokens_run();
        TaskScore score;
        score.task = def.key;
        score.title = def.title;
        score.shots = shots_for(def, settings);
        score.files = t.files;
        score.missing_subjects = t.missing_subjects;
        score.choice_offset.push_back(0);
        Moments acc, acc_norm;
        std::map<std::string, std::pair<Moments, Moments>> by_subject;  // acc, acc_norm
        double ll_sum = 0;
        std::map<std::string, std::string> prefixes;
        for (size_t first = 0; first < t.docs.size(); first += kQuestionsPerBatch) {
            if (progress.cancel) progress.cancel->check();
            progress(Stage::Tasks, done, total, def.key);
            const size_t last = std::min(t.docs.size(), first + kQuestionsPerBatch);
            std::vector<std::vector<LoglikelihoodRequest>> batch;
            for (size_t k = first; k < last; ++k) {
                const TaskDoc& doc = t.docs[k];
                auto it = prefixes.find(doc.subject);
                if (it == prefixes.end()) {
                    const auto ex = t.fewshot.find(doc.subject);
                    it = prefixes.emplace(doc.subject, fewshot_prefix(def, doc.subject, ex == t.fewshot.end() ? std::vector<TaskDoc>{} : ex->second))
                             .first;
                }
                batch.push_back(task_requests(def, doc, it->second));
            }
            const auto results = scorer.score_batch(batch, [&](size_t k) {
                const TaskDoc& doc = t.docs[first + k];
                return doc.file + ":" + std::to_string(doc.line);
            });
            for (size_t k = first; k < last; ++k) {
                const TaskDoc& doc = t.docs[k];
                const std::vector<Loglikelihood>& lls = results[k - first];
                std::vector<double> ll(lls.size()), norm(lls.size());
                bool truncated = false;
                for (size_t i = 0; i < lls.size(); ++i) {
                    ll[i] = lls[i].ll;
                    norm[i] = lls[i].ll / code_points(doc.choices[i]);
                    truncated = truncated || lls[i].truncated;
                    score.ll.push_back(lls[i].ll);
                    score.greedy.push_back(lls[i].greedy ? 1 : 0);
                }
                score.truncated += truncated ? 1 : 0;
                score.choice_offset.push_back(static_cast<int32_t>(score.ll.size()));
                int pred = 0;
                double a = 0, an = 0;
                if (def.kind == TaskKind::Continuation) {
                    a = lls[0].greedy ? 1 : 0;
                    ll_sum += lls[0].ll;
                } else {
                    pred = static_cast<int>(first_max(ll));
                    a = pred == doc.gold ? 1 : 0;
                    an = static_cast<int>(first_max(norm)) == doc.gold ? 1 : 0;
                }
                score.gold.push_back(doc.gold);
                score.pred.push_back(pred);
                acc.add(a);
                acc_norm.add(an);
                if (!def.subjects.empty()) {
                    by_subject[doc.subject].first.add(a);
                    by_subject[doc.subject].second.add(an);
                }
                ++done;
            }
        }
        score.n = acc.n;
        score.acc = acc.mean();
        score.acc_stderr = stderr_of(acc);
        if (def.acc_norm) {
            score.acc_norm = acc_norm.mean();
            score.acc_norm_stderr = stderr_of(acc_norm);
        }
        if (def.kind == TaskKind::Continuation && acc.n) score.ppl = std::exp(-ll_sum / acc.n);
        if (!def.subjects.empty()) {
            // Groups average over questions (lm-eval's weight_by_size); standard errors are
            // lm-eval's pooled ones: categories pool their subjects, the task pools its categories.
            std::map<std::string, std::pair<Moments, Moments>> by_category;
            std::map<std::string, Pool> category_pool, category_pool_norm;
            for (const auto& [subject, m] : by_subject) {
                const SubjectInfo* info = find_subject(def.subjects, subject);
                GroupScore g{subject, info ? info->category : "", m.first.n, m.first.mean(),
                             def.acc_norm ? m.second.mean() : kNoScore};
                score.subjects.push_back(g);
                auto& c = by_category[g.category];
                c.first.n += m.first.n, c.first.sum += m.first.sum, c.first.sum_sq += m.first.sum_sq;
                c.second.n += m.second.n, c.second.sum += m.second.sum, c.second.sum_sq += m.second.sum_sq;
                category_pool[g.category].add(m.first.n, m.first.var());
                category_pool_norm[g.category].add(m.second.n, m.second.var());
            }
            Pool task_pool, task_pool_norm;
            for (const auto& [category, m] : by_category)
                score.categories.push_back({category, "", m.first.n, m.first.mean(), def.acc_norm ? m.second.mean() : kNoScore});
            if (def.nested_groups) {
                for (const auto& [category, m] : by_category) {
                    task_pool.add(m.first.n, category_pool[category].var());
                    task_pool_norm.add(m.second.n, category_pool_norm[category].var());
                }
            } else {
                for (const auto& [subject, m] : by_subject) {
                    task_pool.add(m.first.n, m.first.var());
                    task_pool_norm.add(m.second.n, m.second.var());
                }
            }
            score.acc_stderr = task_pool.stderr_of_mean();
            if (def.acc_norm) score.acc_norm_stderr = task_pool_norm.stderr_of_mean();
        }
        score.tokens = scorer.tokens_run() - tokens0;
        score.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        scores.push_back(std::move(score));
    }
    progress(Stage::Tasks, done, total);
    return scores;
}

}  // namespace rs
