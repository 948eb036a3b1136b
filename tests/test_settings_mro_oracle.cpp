// Python settings classes against an oracle: random hierarchies of plain, `BaseModel` and
// `BaseSettings` classes (several bases in any order, classes from outside the tree, options set
// anywhere, aliases, nested models under a delimiter), with every class's MRO worked out here by
// the textbook C3 merge (a class python would refuse is not written). The reads the analyzer
// reports must be exactly the (name, line) pairs those MROs give: the first declaration of each
// field in MRO order, named with the options of the first class of the MRO that sets each. The
// analyzer works a class's fields out from its bases' lineages, orders two candidates by
// membership where it can, shares MRO tails and skips fields a base reads (analyzer/python/
// lineage.cpp, settings.cpp); this keeps those shortcuts honest. (20,000 seeds passed when the
// lineages were written; 1,000 run here.)
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "analyzer/core/driver.h"

namespace {

struct Options {
  std::optional<std::string> prefix, delimiter;
  std::optional<bool> case_sensitive;
};

enum class FieldKind { Plain, Alias, Nested };

struct Class {
  std::string name;
  std::vector<std::string> bases;  // class names, "BaseSettings", "BaseModel", "Outside"
  Options options;
  std::vector<std::pair<std::string, FieldKind>> fields;  // in order
  std::map<std::string, int> field_line;
  std::vector<std::string> mro;
};

// C3, as CPython does it: nullopt when the bases cannot be ordered.
std::optional<std::vector<std::string>> c3(const std::string& self, std::vector<std::vector<std::string>> seqs) {
  std::vector<std::string> out{self};
  for (;;) {
    std::erase_if(seqs, [](const auto& s) { return s.empty(); });
    if (seqs.empty()) return out;
    std::optional<std::string> pick;
    for (const auto& s : seqs) {
      bool in_tail = false;
      for (const auto& t : seqs)
        for (size_t k = 1; k < t.size() && !in_tail; ++k) in_tail = t[k] == s.front();
      if (!in_tail) {
        pick = s.front();
        break;
      }
    }
    if (!pick) return std::nullopt;
    out.push_back(*pick);
    for (auto& s : seqs)
      if (!s.empty() && s.front() == *pick) s.erase(s.begin());
  }
}

struct Trial {
  std::string source;
  std::set<std::pair<std::string, int>> expected;
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Trial make_trial(unsigned seed, int max_classes) {
  std::mt19937 rnd(seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rnd) < p; };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rnd); };
  std::vector<std::string> lines{"from pydantic import BaseModel, Field",
                                 "from pydantic_settings import BaseSettings, SettingsConfigDict",
                                 "from elsewhere import Outside",
                                 "",
                                 "class Inner(BaseModel):",
                                 "    host: str = \"h\"",
                                 "    port: int = 1",
                                 ""};
  const int inner_host = 6, inner_port = 7;
  std::map<std::string, std::vector<std::string>> mros{
      {"BaseModel", {"BaseModel"}}, {"BaseSettings", {"BaseSettings", "BaseModel"}}, {"Outside", {"Outside"}}};
  std::vector<Class> classes;
  const int n = pick(2, max_classes);
  for (int i = 0; i < n; ++i) {
    Class c;
    c.name = "C" + std::to_string(i);
    bool made = false;
    for (int attempt = 0; attempt < 20 && !made; ++attempt) {
      std::vector<std::string> bases;
      int k = pick(0, std::min<int>(3, static_cast<int>(classes.size())));
      std::vector<size_t> idx(classes.size());
      for (size_t j = 0; j < idx.size(); ++j) idx[j] = j;
      std::shuffle(idx.begin(), idx.end(), rnd);
      for (int j = 0; j < k; ++j) bases.push_back(classes[idx[j]].name);
      std::vector<std::string> roots;
      if (chance(0.4)) roots.push_back("BaseSettings");
      else if (chance(0.3)) roots.push_back("BaseModel");
      if (chance(0.15)) roots.push_back("Outside");
      double mode = std::uniform_real_distribution<double>(0, 1)(rnd);
      if (mode < 0.3) bases.insert(bases.end(), roots.begin(), roots.end());
      else bases.insert(bases.begin(), roots.begin(), roots.end());
      if (mode > 0.8) std::shuffle(bases.begin(), bases.end(), rnd);
      std::vector<std::vector<std::string>> seqs;
      for (const auto& b : bases) seqs.push_back(mros.at(b));
      seqs.push_back(bases);
      if (std::set<std::string>(bases.begin(), bases.end()).size() != bases.size()) continue;
      if (auto m = c3(c.name, seqs)) {
        c.bases = bases;
        c.mro = *m;
        made = true;
      }
    }
    if (!made) continue;
    std::string head = "class " + c.name;
    if (!c.bases.empty()) {
      head += "(";
      for (size_t j = 0; j < c.bases.size(); ++j) head += (j ? ", " : "") + c.bases[j];
      head += ")";
    }
    lines.push_back(head + ":");
    size_t body = lines.size();
    if (chance(0.3)) {
      std::vector<std::string> opts;
      if (chance(0.8)) {
        c.options.prefix = std::vector<std::string>{"A_", "B_", ""}[pick(0, 2)];
        opts.push_back("env_prefix=\"" + *c.options.prefix + "\"");
      }
      if (chance(0.4)) {
        c.options.delimiter = chance(0.5) ? "__" : "_";
        opts.push_back("env_nested_delimiter=\"" + *c.options.delimiter + "\"");
      }
      if (chance(0.2)) {
        c.options.case_sensitive = chance(0.5);
        opts.push_back(std::string("case_sensitive=") + (*c.options.case_sensitive ? "True" : "False"));
      }
      if (!opts.empty()) {
        std::string joined;
        for (size_t j = 0; j < opts.size(); ++j) joined += (j ? ", " : "") + opts[j];
        lines.push_back("    model_config = SettingsConfigDict(" + joined + ")");
      }
    }
    int nf = pick(0, 3);
    for (int j = 0; j < nf; ++j) {
      std::string f = std::vector<std::string>{"host", "port", "name", "level", "url", "db",
                                               "f" + std::to_string(i) + "_" + std::to_string(j)}[pick(0, 6)];
      if (c.field_line.count(f)) continue;
      double kind = std::uniform_real_distribution<double>(0, 1)(rnd);
      FieldKind fk = kind < 0.15 ? FieldKind::Alias : kind < 0.3 ? FieldKind::Nested : FieldKind::Plain;
      if (fk == FieldKind::Alias) lines.push_back("    " + f + ": str = Field(\"d\", validation_alias=\"" + upper(f) + "_ALIAS\")");
      else if (fk == FieldKind::Nested) lines.push_back("    " + f + ": Inner = Inner()");
      else lines.push_back("    " + f + ": str = \"d\"");
      c.fields.emplace_back(f, fk);
      c.field_line[f] = static_cast<int>(lines.size());
    }
    if (lines.size() == body) lines.push_back("    pass");
    lines.push_back("");
    mros[c.name] = c.mro;
    classes.push_back(std::move(c));
  }
  Trial t;
  for (const auto& l : lines) t.source += l + "\n";
  std::map<std::string, const Class*> by_name;
  for (const auto& c : classes) by_name[c.name] = &c;
  for (const auto& c : classes) {
    if (std::find(c.mro.begin(), c.mro.end(), "BaseSettings") == c.mro.end()) continue;
    Options o;
    for (const auto& m : c.mro) {
      auto it = by_name.find(m);
      if (it == by_name.end()) continue;
      const Options& x = it->second->options;
      if (!o.prefix) o.prefix = x.prefix;
      if (!o.delimiter) o.delimiter = x.delimiter;
      if (!o.case_sensitive) o.case_sensitive = x.case_sensitive;
    }
    std::string pre = o.prefix.value_or(""), delim = o.delimiter.value_or("");
    auto cased = [&](const std::string& s) { return o.case_sensitive.value_or(false) ? s : upper(s); };
    std::set<std::string> seen;
    for (const auto& m : c.mro) {
      auto it = by_name.find(m);
      if (it == by_name.end()) continue;
      for (const auto& [f, kind] : it->second->fields) {
        if (!seen.insert(f).second) continue;
        int line = it->second->field_line.at(f);
        if (kind == FieldKind::Alias) t.expected.emplace(cased(upper(f) + "_ALIAS"), line);
        else if (kind == FieldKind::Nested && !delim.empty()) {
          t.expected.emplace(cased(pre + f + delim + "host"), inner_host);
          t.expected.emplace(cased(pre + f + delim + "port"), inner_port);
        } else t.expected.emplace(cased(pre + f), line);
      }
    }
  }
  return t;
}

}  // namespace

TEST_CASE("settings reads of random class hierarchies match a C3 oracle", "[python][settings]") {
  for (unsigned seed = 0; seed < 1000; ++seed) {
    Trial t = make_trial(seed, seed % 4 != 3 ? 14 : 40);
    auto r = envdrift::analyze_text("t.py", t.source);
    std::set<std::pair<std::string, int>> got;
    for (const auto& read : r.reads) got.emplace(read.name, read.line);
    INFO("seed " << seed << "\n" << t.source);
    REQUIRE(got == t.expected);
  }
}
