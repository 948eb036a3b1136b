// pydantic settings classes (v1 and v2), assembled from bases across modules.
//
// A class is a settings class when `BaseSettings` is in its MRO (through any chain of bases of
// the tree). Then every field of every class of its MRO (settings bases, `BaseModel` mixins,
// plain classes) is an env var, resolved in C3 MRO order: the first class of the MRO that
// declares a field defines it, and the read is reported at that declaration (file:line:col),
// with its default (`= v`, `Field(v)`, `Field(default=v)`, `Field(default_factory=f)` computed).
// The name is `env_prefix + FIELD` (upper-cased unless `case_sensitive`), or the field's
// `validation_alias` / `alias` / `AliasChoices(...)` / v1 `Field(env=...)` names (no prefix).
// Options (`env_prefix`, `case_sensitive`, `env_nested_delimiter`) come from `class Config:` or
// `model_config = SettingsConfigDict(...)` of the first class of the MRO that sets each.
// A field typed as a `BaseModel` of the tree is one var named after the field (parsed as JSON),
// or with `env_nested_delimiter` one var per field of that model (`DB__HOST`); a field typed as
// another settings class reads nothing itself (that class reads its own env). A class whose
// MRO has no `BaseSettings` reads nothing. Fields inherited from a settings base that yields the
// same name at the same place are that base's reads, not reported twice.
//
// A class's reads come from its lineage (mro.h: the first declaration of each field and setting
// of each option, worked out from its bases' without the MRO) when it inherits from one settings
// base with the same options; else from its MRO, each field checked against its settings bases.
#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/core/normalize.h"
#include "analyzer/python/mro.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace {

std::optional<DefaultValue> field_default(const Value& fld) {
  const Value* d = meta_field(&fld, "default");
  if (d == nullptr) return std::nullopt;
  DefaultValue out;
  for (const auto& [k, v] : d->fields) {
    if (k == "raw") out.raw = v.text;
    else if (k == "value") out.value = v.text;
    else if (k == "comparable") out.comparable = v.text == "true";
  }
  return out;
}

}  // namespace

Linearizer& PyReads::linearizer() {
  if (!linearizer_) linearizer_ = std::make_shared<Linearizer>();
  return *static_cast<Linearizer*>(linearizer_.get());
}

namespace {

// A field to read: its name, its record, the class declaring it (interned).
struct SettingsField {
  std::string name;
  const Value* fld;
  int decl;
};

// The fields of an MRO, the first declaration of each name winning.
std::vector<SettingsField> mro_fields(const MroNode* m) {
  std::vector<SettingsField> fs;
  std::set<std::string> seen;
  for (; m != nullptr; m = m->next.get()) {
    const Value* listed = m->entry.cls ? meta_field(class_meta(*m->entry.cls), "fields") : nullptr;
    if (listed == nullptr) continue;
    for (const auto& [name, fld] : listed->fields)
      if (seen.insert(name).second) fs.push_back(SettingsField{name, &fld, m->id});
  }
  return fs;
}

// The reads of `fields` (top-level fields of a settings class with options `opt`), nested
// models expanded, but those `theirs` says a base reads.
std::vector<EnvRead> field_reads(Linearizer& lin, std::vector<SettingsField> fields, const SettingsOptions& opt,
                                 const SettingsReadFilter& theirs) {
  auto cased = [&](std::string n) { return opt.case_sensitive ? n : to_upper(n); };
  std::vector<EnvRead> out;
  auto add = [&](const Value& fld, std::string name, std::optional<DefaultValue> dflt) {
    EnvRead r;
    r.name = std::move(name);
    r.file = fld.origin_file;
    r.line = fld.origin_line;
    const Value* col = meta_field(&fld, "col");
    r.column = col ? std::atoi(col->text.c_str()) : 1;
    r.language = Language::Python;
    r.kind = ReadKind::Settings;
    r.default_value = std::move(dflt);
    out.push_back(std::move(r));
  };
  // `prefix`: the env name so far (env_prefix, or `DB__` inside a nested model); `decl`: the
  // class declaring the top-level field a nested model hangs from.
  struct Pending {
    std::string prefix;
    std::vector<SettingsField> fields;
    int depth, decl;
  };
  std::vector<Pending> stack{Pending{opt.prefix, std::move(fields), 0, -1}};
  while (!stack.empty()) {
    Pending p = std::move(stack.back());
    stack.pop_back();
    for (const SettingsField& f : p.fields) {
      const int decl = p.depth == 0 ? f.decl : p.decl;
      const Value* aliases = meta_field(f.fld, "aliases");
      if (p.depth == 0 && aliases && !aliases->items.empty()) {
        if (theirs && theirs(decl, SettingsName::Alias)) continue;
        for (const auto& a : aliases->items) add(*f.fld, cased(a.text), field_default(*f.fld));
        continue;
      }
      if (const Value* nested = meta_field(f.fld, "nested")) {
        const MroNode* nm = lin.mro(*nested, 0);
        if (nm->settings) continue;  // nested settings read their own env
        if (nm->model) {
          if (!opt.delimiter.empty() && p.depth < 4) {
            if (theirs && theirs(decl, SettingsName::Nested)) continue;
            stack.push_back(Pending{p.prefix + f.name + opt.delimiter, mro_fields(nm), p.depth + 1, decl});
            continue;
          }
          if (theirs && theirs(decl, SettingsName::Prefixed)) continue;
          add(*f.fld, cased(p.prefix + f.name), field_default(*f.fld));  // one var, parsed as JSON
          continue;
        }
      }
      if (theirs && theirs(decl, p.depth == 0 ? SettingsName::Prefixed : SettingsName::Nested)) continue;
      add(*f.fld, cased(p.prefix + f.name), field_default(*f.fld));
    }
  }
  return out;
}

}  // namespace

bool PyReads::settings_reads(TSNode cls, Value record) {
  // By reference, as a base is held: the linearizer keeps the record alive without a copy.
  Value rec = Value::of_type(Value::Type::Record);
  rec.origin_file = record.origin_file;
  rec.origin_line = record.origin_line;
  rec.shared = record.shared ? record.shared : std::make_shared<const Value>(std::move(record));
  std::string cname(f_.text(f_.field(cls, f_.fields.name)));
  ViaStep step{f_.file.src.rel, f_.file.line(cls), "settings " + cname};
  auto emit = [&](const EnvRead& read) {
    if (!settings_emitted_.emplace(read.name, read.file, read.line).second) return;
    EnvRead r = read;
    r.via.push_back(step);
    out_.reads.push_back(std::move(r));
  };
  Linearizer& lin = linearizer();
  const Lineage& lineage = lin.lineage(rec, 0);
  if (!lineage.settings) return false;
  // Settings bases that all have the class's options (a chain of subclasses, with mixins in
  // front of the base or after it, settings mixins too): the fields the class or its other
  // bases set that come from no such base's MRO are its reads; the rest are those bases'.
  if (!lineage.covers.empty()) {
    std::vector<SettingsField> fields;
    std::unordered_set<int> seen;
    for (int name : lineage.fresh) {
      const FieldDecl* fd = lin.field(lineage, name);
      if (!seen.insert(name).second) continue;
      if (std::none_of(lineage.covers.begin(), lineage.covers.end(), [&](const Lineage* c) { return lin.in_mro(*c, fd->decl); }))
        fields.push_back(SettingsField{lin.field_name(name), fd->fld, fd->decl});
    }
    for (const auto& read : field_reads(lin, std::move(fields), lineage.settings_options(), {})) emit(read);
    return true;
  }
  // Otherwise a read is a settings base's own (same name, same place: that base reports it) when
  // the class declaring its field is in the MRO of a settings base whose options give the same
  // name: the field's first declaration is then the same for both, since a base's MRO keeps the
  // order of this one's. The bases are asked nearest first.
  const MroNode* mro = lin.mro(rec, 0);
  const SettingsOptions own = mro->options();
  std::vector<std::pair<const MroNode*, SettingsOptions>> bases;
  for (const MroNode* n = mro->next.get(); n != nullptr; n = n->next.get()) {
    if (n->entry.cls == nullptr) continue;
    const MroNode* theirs = lin.mro(*n->entry.cls, 0);
    if (theirs->settings && theirs->options().case_sensitive == own.case_sensitive) bases.emplace_back(theirs, theirs->options());
  }
  SettingsReadFilter theirs = [&](int decl, SettingsName kind) {
    for (const auto& [base, opt] : bases) {
      if (kind != SettingsName::Alias && opt.prefix != own.prefix) continue;
      if (kind == SettingsName::Nested && opt.delimiter != own.delimiter) continue;
      if (base->id == decl || lin.contains(base, decl)) return true;
    }
    return false;
  };
  for (const auto& read : field_reads(lin, mro_fields(mro), own, theirs)) emit(read);
  return true;
}

}  // namespace envdrift::py
