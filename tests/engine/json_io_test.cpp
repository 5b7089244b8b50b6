// The safe JSON layer (core/json_io.h), the limits table (core/limits.h) and the rendering of
// untrusted text in messages (core/untrusted_text.h): every exception kind of the JSON library
// becomes one BadInput line, nesting is bounded before parsing, integer reads never convert out
// of range, previews and dumps neither recurse nor throw.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/json_io.h"
#include "core/limits.h"
#include "core/untrusted_text.h"

namespace rs {
namespace {

using nlohmann::json;

std::string bad_input(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        const std::string m = e.what();
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
        return m;
    }
    ADD_FAILURE() << "no error";
    return {};
}

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

TEST(ParseJson, ValidTextParses) {
    const json j = parse_json(R"({"a": [1, 2.5, "x", null, true], "b": {"c": -3}})", "f.json");
    EXPECT_EQ(j["a"][1], 2.5);
    EXPECT_EQ(j["b"]["c"], -3);
}

TEST(ParseJson, EveryLibraryExceptionIsBadInputNamingTheFile) {
    // parse_error: syntax, with the parser's position and without the library's tag.
    std::string m = bad_input([] { parse_json("{\n \"a\": 1,\n}", "cfg.json"); });
    EXPECT_CONTAINS(m, "cfg.json: not valid JSON: parse error at line 3");
    EXPECT_EQ(m.find("[json.exception"), std::string::npos);
    // out_of_range 406: a number literal outside double's range.
    m = bad_input([] { parse_json(R"({"hidden_size": 1e400})", "cfg.json"); });
    EXPECT_CONTAINS(m, "cfg.json: not valid JSON: number overflow parsing '1e400'");
    m = bad_input([] { parse_json("[-1e999]", "x.json"); });
    EXPECT_CONTAINS(m, "number overflow");
    // Invalid UTF-8 inside a string.
    m = bad_input([] { parse_json("[\"a\xff\"]", "u.json"); });
    EXPECT_CONTAINS(m, "u.json: not valid JSON");
    // Empty text, a NUL byte.
    EXPECT_CONTAINS(bad_input([] { parse_json("", "e.json"); }), "e.json: not valid JSON");
    EXPECT_CONTAINS(bad_input([] { parse_json(std::string("{\"a\0\": 1}", 9), "z.json"); }), "z.json: not valid JSON");
    // The part of a file that is JSON.
    EXPECT_CONTAINS(bad_input([] { parse_json("{", "m.safetensors", {.what = "header"}); }),
                    "m.safetensors: header is not valid JSON: ");
}

TEST(ParseJson, MessagesQuotingTheFileAreBounded) {
    // An unterminated string of a megabyte: the parser's "last read" quotes it.
    const std::string text = "[\"" + std::string(1 << 20, 'x');
    const std::string m = bad_input([&] { parse_json(text, "big.json"); });
    EXPECT_LT(m.size(), 400u) << m.substr(0, 400);
}

TEST(ParseJson, NestingIsBoundedBeforeParsing) {
    std::string mixed;
    for (int i = 0; i < kJsonMaxDepth; ++i) mixed += i % 2 ? "{\"k\":" : "[";
    mixed += "1";
    for (int i = kJsonMaxDepth - 1; i >= 0; --i) mixed += i % 2 ? "}" : "]";
    EXPECT_NO_THROW(parse_json(mixed, "ok.json"));
    const std::string arrays = std::string(kJsonMaxDepth, '[') + "1" + std::string(kJsonMaxDepth, ']');
    EXPECT_NO_THROW(parse_json(arrays, "ok.json"));
    EXPECT_CONTAINS(bad_input([&] { parse_json("[" + arrays + "]", "deep.json"); }),
                    "deep.json: JSON nests deeper than 64 levels (at byte 64)");
    EXPECT_CONTAINS(bad_input([&] { parse_json("{\"k\":" + mixed + "}", "deep.json"); }), "nests deeper than 64 levels");
    // A million brackets: refused at once, no stack overflow.
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_CONTAINS(bad_input([] { parse_json(std::string(1'000'000, '['), "bomb.json"); }), "nests deeper than 64 levels");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
    // Brackets inside strings, escaped quotes included, do not count.
    const std::string in_string = "[\"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"]";
    EXPECT_EQ(parse_json(in_string, "s.json")[0].get<std::string>().size(), 1001u);
    // The limit is a parameter.
    EXPECT_CONTAINS(bad_input([] { parse_json("[[[[1]]]]", "h", {.max_depth = 3}); }), "deeper than 3 levels");
}

TEST(ParseJson, CallbackErrorsPropagate) {
    const auto refuse_keys = [](int, json::parse_event_t ev, json& v) -> bool {
        if (ev == json::parse_event_t::key && v == "bad") fail_input("cb.json", "key 'bad' refused");
        return true;
    };
    EXPECT_CONTAINS(bad_input([&] { parse_json(R"({"good": 1, "bad": 2})", "cb.json", {.callback = refuse_keys}); }),
                    "cb.json: key 'bad' refused");
}

TEST(DumpJson, InvalidUtf8IsReplacedNotThrown) {
    const json j = {{"name", std::string("tiny\xff\xfe model")}, {"ok", "caf\xC3\xA9"}};
    EXPECT_THROW(static_cast<void>(j.dump()), json::type_error);  // what the library does alone
    std::string out;
    ASSERT_NO_THROW(out = dump_json(j));
    EXPECT_CONTAINS(out, "tiny\xEF\xBF\xBD\xEF\xBF\xBD model");  // U+FFFD twice
    EXPECT_CONTAINS(out, "caf\xC3\xA9");
    EXPECT_EQ(parse_json(dump_json(j, 2), "round.json")["ok"], "caf\xC3\xA9");
}

TEST(JsonPreview, BoundedOneLevelAndSafe) {
    EXPECT_EQ(json_preview(json(42)), "42");
    EXPECT_EQ(json_preview(json(nullptr)), "null");
    EXPECT_EQ(json_preview(json("short")), "\"short\"");
    const std::string long_text = json_preview(json(std::string(10000, 'a')));
    EXPECT_EQ(long_text, "\"" + std::string(40, 'a') + "\"...");
    // A cut never splits a UTF-8 sequence; invalid bytes become U+FFFD.
    EXPECT_EQ(json_preview(json(std::string(39, 'a') + "\xC3\xA9")), "\"" + std::string(39, 'a') + "\"...");
    EXPECT_EQ(json_preview(json(std::string("\xff"))), "\"\xEF\xBF\xBD\"");
    EXPECT_EQ(json_preview(json::array({1, "x", json::array({2}), json::object()})), "[1, \"x\", [...], {}]");
    EXPECT_EQ(json_preview(json::array()), "[]");
    EXPECT_EQ(json_preview(json{{"k", 1}}), "{\"k\": 1}");
    json many = json::array();
    for (int i = 0; i < 1000; ++i) many.push_back(i);
    const std::string m = json_preview(many);
    EXPECT_LT(m.size(), 80u) << m;
    EXPECT_CONTAINS(m, "... 1000 items]");
    // Nesting far deeper than any stack: built by code (the parser would refuse it), previewed
    // without recursion.
    json deep = json::array();
    for (int i = 0; i < 100000; ++i) deep = json::array({std::move(deep)});
    EXPECT_EQ(json_preview(deep), "[[...]]");
}

TEST(JsonInt, RangeAndTypeAreChecked) {
    EXPECT_EQ(json_int(json(5), 0, 10), 5);
    EXPECT_EQ(json_int(json(-5), -10, 10), -5);
    EXPECT_FALSE(json_int(json(11), 0, 10));
    EXPECT_FALSE(json_int(json(-1), 0, 10));
    EXPECT_FALSE(json_int(json("5"), 0, 10));
    EXPECT_FALSE(json_int(json(true), 0, 10));
    EXPECT_FALSE(json_int(json(nullptr), 0, 10));
    // Unsigned values above INT64_MAX.
    EXPECT_FALSE(json_int(json(uint64_t{18446744073709551615u}), INT64_MIN, INT64_MAX));
    EXPECT_EQ(json_int(json(uint64_t{9223372036854775807u}), INT64_MIN, INT64_MAX), INT64_MAX);
    // Floats: only with integral_floats, only integral values, never converted out of range.
    EXPECT_FALSE(json_int(json(576.0), 0, 1000));
    EXPECT_EQ(json_int(json(576.0), 0, 1000, true), 576);
    EXPECT_FALSE(json_int(json(576.5), 0, 1000, true));
    EXPECT_FALSE(json_int(json(1e300), INT64_MIN, INT64_MAX, true));
    EXPECT_FALSE(json_int(json(-1e300), INT64_MIN, INT64_MAX, true));
    EXPECT_FALSE(json_int(json(9223372036854775808.0), INT64_MIN, INT64_MAX, true));
    EXPECT_EQ(json_int(json(-9223372036854775808.0), INT64_MIN, INT64_MAX, true), INT64_MIN);
    EXPECT_FALSE(json_int(json(std::nan("")), INT64_MIN, INT64_MAX, true));
    EXPECT_FALSE(json_int(json(1e10), 0, INT32_MAX, true));
}

TEST(JsonInt, UnsignedAndNumbers) {
    EXPECT_EQ(json_u64(json(uint64_t{18446744073709551615u})), 18446744073709551615u);
    EXPECT_EQ(json_u64(json(0)), 0u);
    EXPECT_FALSE(json_u64(json(-1)));
    EXPECT_FALSE(json_u64(json(1.0)));
    EXPECT_EQ(json_number(json(2.5)), 2.5);
    EXPECT_EQ(json_number(json(-3)), -3.0);
    EXPECT_FALSE(json_number(json("2.5")));
}

TEST(ReadJsonFile, SizeIsCheckedBeforeReading) {
    const std::string dir = ::testing::TempDir();
    const std::string path = dir + "/rs-json-io-big.json";
    {
        std::ofstream f(path, std::ios::binary);
        f << "[" << std::string(2 << 20, ' ') << "]";
    }
    EXPECT_CONTAINS(bad_input([&] { read_json_file(path, 1 << 20, "a recipe"); }), "more than 1 MB; not a recipe");
    EXPECT_TRUE(read_json_file(path, 4 << 20, "a recipe").is_array());
    EXPECT_CONTAINS(bad_input([&] { read_json_file(dir + "/rs-json-io-absent.json", 1 << 20, "a recipe"); }), "cannot read file");
    EXPECT_CONTAINS(bad_input([&] { read_json_file(dir, 1 << 20, "a recipe"); }), "is a directory, not a recipe");
    std::remove(path.c_str());
}

TEST(Limits, OneMessageNamingTheLimit) {
    EXPECT_EQ(check_limit(Limit::Layers, 1024, "m.gguf", "block_count"), 1024);
    EXPECT_EQ(bad_input([] { check_limit(Limit::Layers, 1025, "m.gguf", "metadata key 'llama.block_count'"); }),
              "m.gguf: metadata key 'llama.block_count' is 1025, above Rotoscope's limit of 1024 (layers)");
    EXPECT_EQ(bad_input([] { check_limit(Limit::Heads, 0, "config.json", "key 'num_attention_heads'"); }),
              "config.json: key 'num_attention_heads' must be positive, but is 0");
    EXPECT_EQ(check_limit(Limit::MatrixEntries, 0, "m.json", "recipes", false), 0);
    // Every row admits the largest real models.
    EXPECT_GE(limit_max(Limit::Layers), 126);          // Llama-3.1-405B
    EXPECT_GE(limit_max(Limit::ModelWidth), 16384);    // Llama-3.1-405B
    EXPECT_GE(limit_max(Limit::FfnWidth), 53248);      // Llama-3.1-405B
    EXPECT_GE(limit_max(Limit::Vocabulary), 262144);   // Gemma 3
    EXPECT_GE(limit_max(Limit::Context), 10'000'000);  // Llama 4 Scout
    for (const LimitInfo& l : kLimits) EXPECT_EQ(&limit_info(l.id), &l);
}

TEST(UntrustedText, ControlAndInvalidBytesAreEscapedAndCut) {
    EXPECT_EQ(printable("blk.0.attn_q.weight"), "blk.0.attn_q.weight");
    EXPECT_EQ(printable("evil\nname\r\x1b[2J"), "evil\\x0aname\\x0d\\x1b[2J");
    EXPECT_EQ(printable("caf\xC3\xA9 \xE2\x96\x81"), "caf\xC3\xA9 \xE2\x96\x81");
    EXPECT_EQ(printable("bad \xff \xC3 \xED\xA0\x80"), "bad \\xff \\xc3 \\xed\\xa0\\x80");  // lone, truncated, surrogate
    EXPECT_EQ(printable(std::string(200, 'x'), 10), std::string(10, 'x') + "...");
    EXPECT_EQ(printable("aaaaaaaaa\xC3\xA9", 10), "aaaaaaaaa\xC3\xA9");
    EXPECT_EQ(in_quotes("x\n"), "'x\\x0a'");
}

TEST(UntrustedText, EveryErrorMessageIsOneLine) {
    // Whatever a message was built from, control characters cannot split it or reach a terminal.
    const Error e(ErrorKind::BadInput, "recipe.json: na\nme\r: unknown key \x1b[31m\x7f");
    EXPECT_STREQ(e.what(), "recipe.json: na\\x0ame\\x0d: unknown key \\x1b[31m\\x7f");
    EXPECT_STREQ(Error(ErrorKind::Runtime, "caf\xC3\xA9 ok").what(), "caf\xC3\xA9 ok");
}

}  // namespace
}  // namespace rs
