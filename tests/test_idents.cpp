// The identifier index of files the byte prefilter skipped (analyzer/core/idents.h): pass 2 of
// the driver reads such a file again only when its identifiers may name a fresh symbol.
#include <catch2/catch.hpp>

#include "analyzer/core/idents.h"

using namespace envdrift;

TEST_CASE("identifier hashes name every identifier run of 3 bytes or more, once", "[idents]") {
  auto h = identifier_hashes("import { portOf } from './lib/ports';\nconst x = portOf('PORT') + portOf(\"P2\");\n");
  CHECK(std::is_sorted(h.begin(), h.end()));
  CHECK(std::adjacent_find(h.begin(), h.end()) == h.end());
  CHECK(may_mention(h, "portOf"));
  CHECK(may_mention(h, "PORT"));      // inside a string: still a run
  CHECK(may_mention(h, "ports"));
  CHECK_FALSE(may_mention(h, "port"));  // only whole runs: `portOf` is not `port`
  CHECK(may_mention(h, "P2"));          // too short to be indexed, so a short symbol always may,
  CHECK(may_mention({}, "P2"));         // even of a file with no identifiers at all
  CHECK_FALSE(may_mention(h, "setting"));
}

TEST_CASE("a symbol of several runs needs each of them", "[idents]") {
  auto h = identifier_hashes("import \"github.com/spf13/viper\"\n");
  CHECK(may_mention(h, "spf13/viper"));
  CHECK_FALSE(may_mention(h, "spf13/cobra"));
  CHECK(may_mention(h, "viper"));
}

TEST_CASE("identifier runs include $, _ and non-ASCII bytes", "[idents]") {
  auto h = identifier_hashes("const $env = réglage_x(1); __all__ = [];");
  CHECK(may_mention(h, "$env"));
  CHECK_FALSE(may_mention(h, "env"));  // `$env` is one JavaScript identifier
  CHECK(may_mention(h, "réglage_x"));
  CHECK(may_mention(h, "__all__"));
  CHECK(identifier_hashes("").empty());
  CHECK(identifier_hashes("a b c 12 () ;;").empty());
}

TEST_CASE("identifier runs are found the same sixteen bytes at a time as byte by byte", "[idents]") {
  // The reference: the runs of the definition (idents.h), byte by byte, hashed one by one.
  auto reference = [](std::string_view text) {
    auto ident = [](unsigned char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
             c >= 0x80;
    };
    std::vector<uint32_t> out;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && !ident(static_cast<unsigned char>(text[i]))) ++i;
      size_t start = i;
      while (i < text.size() && ident(static_cast<unsigned char>(text[i]))) ++i;
      if (i - start >= 3) out.push_back(envdrift::word_hash(text.substr(start, i - start)));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  // Every byte value, runs across the 16- and 64-byte block edges, at the very end, of every
  // length around the minimum; texts of every length from 0 to 200.
  const std::string alphabet = std::string("aZ09_$@ .\t\n{}[]`/\\\"'") + "\x80\xff\x7f\x01\xc3\xa9";
  uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(seed >> 33);
  };
  for (size_t len = 0; len <= 200; ++len)
    for (int round = 0; round < 20; ++round) {
      std::string text;
      for (size_t k = 0; k < len; ++k) text += alphabet[next() % alphabet.size()];
      INFO(len << " " << round);
      REQUIRE(envdrift::identifier_hashes(text) == reference(text));
    }
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  CHECK(envdrift::identifier_hashes(all + all) == reference(all + all));
  CHECK(envdrift::identifier_hashes(std::string(64, 'x') + "yz") == reference(std::string(64, 'x') + "yz"));
}

TEST_CASE("a word's hash is the same read in place as copied out", "[idents]") {
  // word_hash_at may load the bytes after the word (masked off): every word of texts of every
  // length up to 40, at every offset, hashes as the word on its own does.
  uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (size_t len = 0; len <= 40; ++len) {
    std::string text;
    for (size_t k = 0; k < len; ++k) text += static_cast<char>(next() >> 24);
    for (size_t b = 0; b <= len; ++b)
      for (size_t n = 0; b + n <= len; ++n) {
        INFO(len << " " << b << " " << n);
        REQUIRE(envdrift::word_hash_at(text, b, n) == envdrift::word_hash(std::string_view(text).substr(b, n)));
      }
  }
  CHECK(envdrift::word_hash_at("getEnv(x)", 0, 6) == envdrift::word_hash("getEnv"));
  CHECK(envdrift::word_hash_at("getEnv(x)", 0, 6) != envdrift::word_hash("getEnv("));
}

TEST_CASE("a search of the text answers as its identifier hashes do", "[idents]") {
  // RunSearch (a skipped file's kept bytes, no hashes taken) against may_mention over the hashes:
  // whole runs only, every run of a symbol of several, a short symbol always.
  std::string text = "import \"github.com/spf13/viper\"\nconst $env = portOf('PORT'); réglage_x(1)";
  auto says = [&](std::vector<std::string> symbols) { return RunSearch(symbols).any_mentioned(text); };
  CHECK(says({"portOf"}));
  CHECK(says({"PORT"}));
  CHECK_FALSE(says({"port"}));       // inside `portOf`
  CHECK_FALSE(says({"env"}));        // `$env` is one run
  CHECK(says({"$env"}));
  CHECK(says({"spf13/viper"}));
  CHECK(says({"viper/spf13"}));      // each run somewhere, as the hashes answer
  CHECK_FALSE(says({"spf13/cobra"}));
  CHECK(says({"nothing", "réglage_x"}));
  CHECK(says({"P2"}));               // no run of 3 bytes: may
  CHECK_FALSE(says({}));
  CHECK(RunSearch({"imp"}).any_mentioned("imp"));  // at both ends of the text
  CHECK_FALSE(RunSearch({"imp"}).any_mentioned("import"));
  CHECK_FALSE(RunSearch({"port"}).any_mentioned("import"));

  // Random texts and symbols over a few letters, so runs often match in part.
  const std::string alphabet = "abc_$ ./\xc3\xa9";
  uint64_t seed = 99;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(seed >> 33);
  };
  auto word = [&](size_t max) {
    std::string w;
    for (size_t k = 0, n = next() % max; k < n; ++k) w += alphabet[next() % alphabet.size()];
    return w;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string t = word(120);
    std::vector<std::string> symbols;
    for (size_t k = 0, n = 1 + next() % 3; k < n; ++k) symbols.push_back(word(9));
    auto hashes = identifier_hashes(t);
    bool want = std::any_of(symbols.begin(), symbols.end(), [&](const std::string& s) { return may_mention(hashes, s); });
    INFO(t);
    REQUIRE(RunSearch(symbols).any_mentioned(t) == want);
  }
}
