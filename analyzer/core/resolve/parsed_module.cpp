#include "analyzer/core/resolve/parsed_module.h"

#include "analyzer/core/resolve/files.h"

namespace envdrift::resolve {

std::unique_ptr<ParsedModule> ParsedModule::load(const TSLanguage* grammar, Language language, std::string rel,
                                                 std::string path) {
  std::unique_ptr<ParsedModule> m(new ParsedModule());
  m->src_ = SourceFile{std::move(path), std::move(rel), language, {}};
  if (!read_file_text(m->src_.path, m->src_.text)) return nullptr;
  m->parser_ = ts_parser_new();
  if (!ts_parser_set_language(m->parser_, grammar)) return nullptr;
  ts_parser_set_timeout_micros(m->parser_, 10'000'000);
  m->tree_ = ts_parser_parse_string(m->parser_, nullptr, m->src_.text.data(), static_cast<uint32_t>(m->src_.text.size()));
  // The tree does not need its parser: a loaded module is kept for the whole scan, its parser's
  // stacks and lexer buffers are not.
  ts_parser_delete(m->parser_);
  m->parser_ = nullptr;
  if (m->tree_ == nullptr) return nullptr;
  m->parsed_ = std::make_unique<ParsedFile>(ParsedFile{m->src_, ts_tree_root_node(m->tree_)});
  return m;
}

ParsedModule::~ParsedModule() {
  parsed_.reset();
  if (tree_ != nullptr) ts_tree_delete(tree_);
  if (parser_ != nullptr) ts_parser_delete(parser_);
}

}  // namespace envdrift::resolve
