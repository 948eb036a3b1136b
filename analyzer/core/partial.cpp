#include "analyzer/core/partial.h"

#include <algorithm>
#include <cstring>

#include "analyzer/core/idents.h"

namespace envdrift {
namespace {

// The statement holding byte `at` (spans are contiguous and ordered).
size_t statement_at(const std::vector<SplitStatement>& spans, size_t at) {
  auto it = std::upper_bound(spans.begin(), spans.end(), at, [](size_t v, const SplitStatement& s) { return v < s.begin; });
  return static_cast<size_t>(it - spans.begin()) - 1;
}

}  // namespace

bool plan_partial(std::string_view text, StatementSplitter split, const NeedleSet& seeds,
                  const std::vector<std::string_view>& keywords, PartialPlan& out, double max_share,
                  bool hash_unparsed) {
  out = PartialPlan{};
  if (split == nullptr || text.size() >= UINT32_MAX) return false;
  Split sp;
  if (!split(text, sp) || sp.statements.size() < 2) return false;
  const auto& spans = sp.statements;
  const size_t n = spans.size();
  // How a statement is kept: for the flow (a seed, or a use of a name a flow statement declares)
  // or as context (the declaration of a name a kept statement mentions); see the closure below.
  constexpr char kContext = 1, kFlow = 2;
  std::vector<char> kept(n, 0);
  std::vector<size_t> work;
  seeds.each(text, [&](size_t pos) {
    size_t s = statement_at(spans, pos);
    if (!kept[s]) {
      kept[s] = kFlow;
      work.push_back(s);
    }
    return static_cast<size_t>(spans[s].end);  // the rest of this statement is kept anyway
  });
  if (work.empty()) return false;  // nothing to seed from: the caller parses the whole file

  // Every token as an id; the ids some statement declares; the statements of every id. The
  // words are numbered through an open-addressing table (a plan looks at every token of the
  // file), the language's keywords entered first as stop words.
  constexpr uint32_t kStop = UINT32_MAX - 1;
  struct Slot {
    std::string_view word;
    uint64_t head = 0;  // the word's first (up to) eight bytes: most words are compared by it alone
    uint32_t hash = 0, id = UINT32_MAX;
  };
  std::vector<Slot> table(64);
  size_t used = 0;
  uint32_t next_id = 0;
  std::vector<char> declared;
  // A word's first (up to) eight bytes, read whole where the text goes on that far.
  auto head_of = [](std::string_view from, size_t begin, size_t size) {
    return load_word(reinterpret_cast<const unsigned char*>(from.data()) + begin, std::min<size_t>(size, 8),
                     from.size() - begin);
  };
  auto place = [&](const Slot& sl) __attribute__((always_inline)) -> Slot& {  // sl.word's slot, or the empty one for it
    for (size_t mask = table.size() - 1, i = sl.hash & mask;; i = (i + 1) & mask) {
      const Slot& t = table[i];
      if (t.id == UINT32_MAX) return table[i];
      if (t.hash == sl.hash && t.head == sl.head && t.word.size() == sl.word.size() &&
          (sl.word.size() <= 8 || std::memcmp(t.word.data() + 8, sl.word.data() + 8, sl.word.size() - 8) == 0))
        return table[i];
    }
  };
  // `h`: word_hash(word); `head`: head_of(word).
  auto id_of = [&](std::string_view word, uint64_t head, uint32_t h, uint32_t id_if_new) __attribute__((always_inline)) -> uint32_t {
    Slot key{word, head, h};
    Slot* sl = &place(key);
    if (sl->id != UINT32_MAX) return sl->id;
    if ((used + 1) * 2 > table.size()) {  // kept at most half full
      std::vector<Slot> old(table.size() * 2);
      old.swap(table);
      for (const Slot& o : old)
        if (o.id != UINT32_MAX) place(o) = o;
      sl = &place(key);
    }
    *sl = {word, head, h, id_if_new == UINT32_MAX ? next_id++ : id_if_new};
    ++used;
    if (sl->id != kStop) declared.push_back(0);
    return sl->id;
  };
  for (std::string_view k : keywords) id_of(k, head_of(k, 0, k.size()), word_hash(k), kStop);
  std::vector<uint32_t> tok_id(sp.tokens.size(), UINT32_MAX);
  for (size_t k = 0; k < sp.tokens.size(); ++k) {
    const SplitToken& t = sp.tokens[k];
    if (t.size == 0) continue;
    uint32_t id = id_of(text.substr(t.begin, t.size), head_of(text, t.begin, t.size), word_hash_at(text, t.begin, t.size),
                        UINT32_MAX);
    if (id == kStop) continue;
    tok_id[k] = id;
    if (t.declares) declared[id] = 1;
  }
  const size_t n_ids = next_id;
  auto tokens_of = [&](size_t s) {
    uint32_t b = spans[s].first_token;
    uint32_t e = s + 1 < n ? spans[s + 1].first_token : static_cast<uint32_t>(sp.tokens.size());
    return std::pair<uint32_t, uint32_t>{b, e};
  };
  // For every declared name: the statements that mention it and those that declare it
  // (counting sort, so linear: one pass counts both lists, one fills them). A token of a name no
  // statement declares links nothing: its id is dropped here.
  std::vector<uint32_t> users_first(n_ids + 1, 0), decl_first(n_ids + 1, 0);
  for (size_t k = 0; k < sp.tokens.size(); ++k) {
    uint32_t id = tok_id[k];
    if (id == UINT32_MAX) continue;
    if (!declared[id]) {
      tok_id[k] = UINT32_MAX;
      continue;
    }
    ++users_first[id + 1];
    if (sp.tokens[k].declares) ++decl_first[id + 1];
  }
  for (size_t k = 0; k < n_ids; ++k) {
    users_first[k + 1] += users_first[k];
    decl_first[k + 1] += decl_first[k];
  }
  std::vector<uint32_t> users(users_first.back()), decls(decl_first.back());
  {
    std::vector<uint32_t> ufill(users_first.begin(), users_first.end() - 1), dfill(decl_first.begin(), decl_first.end() - 1);
    for (size_t s = 0; s < n; ++s) {
      auto [b, e] = tokens_of(s);
      for (uint32_t k = b; k < e; ++k) {
        uint32_t id = tok_id[k];
        if (id == UINT32_MAX) continue;
        users[ufill[id]++] = static_cast<uint32_t>(s);
        if (sp.tokens[k].declares) decls[dfill[id]++] = static_cast<uint32_t>(s);
      }
    }
  }
  // The closure. A statement is kept for the flow (a seed, or a use of a name a flow statement
  // declares: a helper's call, an alias's read, a subclass) or as context (the declaration of a
  // name a kept statement mentions). A flow statement brings the uses of what it declares and
  // the declarations of what it mentions; a context statement only the declarations of what it
  // mentions: an import kept for one name does not bring every use of the others. Each name is
  // expanded at most once each way, each statement processed at most twice.
  for (size_t s = 0; s < n; ++s)
    if (spans[s].wildcard && !kept[s]) {
      kept[s] = kContext;
      work.push_back(s);
    }
  std::vector<char> uses_done(n_ids, 0), decls_done(n_ids, 0);
  auto keep = [&](uint32_t s, char how) {
    if (kept[s] >= how) return;
    kept[s] = how;
    work.push_back(s);
  };
  while (!work.empty()) {
    size_t s = work.back();
    work.pop_back();
    bool flow = kept[s] == kFlow;
    auto [b, e] = tokens_of(s);
    for (uint32_t k = b; k < e; ++k) {
      uint32_t id = tok_id[k];
      if (id == UINT32_MAX || !declared[id]) continue;
      if (flow && sp.tokens[k].declares) {
        if (uses_done[id]) continue;
        uses_done[id] = 1;
        for (uint32_t j = users_first[id]; j < users_first[id + 1]; ++j) keep(users[j], kFlow);
      } else {
        if (decls_done[id]) continue;
        decls_done[id] = 1;
        for (uint32_t j = decl_first[id]; j < decl_first[id + 1]; ++j) keep(decls[j], kContext);
      }
    }
  }

  size_t kept_bytes = 0;
  for (size_t s = 0; s < n; ++s)
    if (kept[s]) kept_bytes += spans[s].end - spans[s].begin;
  if (static_cast<double>(kept_bytes) > max_share * static_cast<double>(text.size())) return false;

  // Ranges over runs of kept statements, with their points; the identifiers of the rest.
  uint32_t row = 0, line_start = 0;
  size_t scanned = 0;
  auto point_at = [&](uint32_t at) {
    for (; scanned < at; ++scanned)
      if (text[scanned] == '\n') {
        ++row;
        line_start = static_cast<uint32_t>(scanned + 1);
      }
    return TSPoint{row, at - line_start};
  };
  // What a symbol round must look at: the statements left out, and the context statements,
  // whose names' uses were not followed (`viper.AutomaticEnv()` kept as a read mentions `viper`;
  // the import is context, so a `viper.GetString` elsewhere was left out: a round that brings
  // the read symbol "spf13/viper" must find it in the import).
  IdentifierHashes unparsed;
  auto add_idents = [&](uint32_t b, uint32_t e) {
    if (hash_unparsed)
      unparsed.add(text.substr(b, e - b));
    else
      out.unparsed_ranges.emplace_back(b, e);
  };
  for (size_t s = 0; s < n;) {
    size_t t = s;
    while (t < n && (kept[t] != 0) == (kept[s] != 0)) ++t;
    uint32_t b = spans[s].begin, e = spans[t - 1].end;
    if (kept[s]) {
      TSPoint pb = point_at(b);
      TSPoint pe = point_at(e);
      out.ranges.push_back(TSRange{pb, pe, b, e});
      for (size_t k = s; k < t; ++k)
        if (kept[k] == kContext) add_idents(spans[k].begin, spans[k].end);
    } else {
      add_idents(b, e);
    }
    s = t;
  }
  out.unparsed_idents = unparsed.take();
  return true;
}

}  // namespace envdrift
