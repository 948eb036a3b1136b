// A file of the project parsed on its own, for a frontend's ModuleLoader: owns the file's text,
// the parser and the tree, and frees them in the right order. Every language's loader wraps one
// and puts its evaluator on top of file().
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <string>

#include "analyzer/core/syntax.h"

namespace envdrift::resolve {

class ParsedModule {
 public:
  // Read `path` and parse it with `grammar`; nullptr when the file cannot be read, the grammar
  // cannot be loaded, or parsing times out (10 s, as in the driver).
  static std::unique_ptr<ParsedModule> load(const TSLanguage* grammar, Language language, std::string rel,
                                            std::string path);
  ~ParsedModule();
  ParsedModule(const ParsedModule&) = delete;
  ParsedModule& operator=(const ParsedModule&) = delete;

  const ParsedFile& file() const { return *parsed_; }

 private:
  ParsedModule() = default;

  SourceFile src_;
  TSParser* parser_ = nullptr;
  TSTree* tree_ = nullptr;
  std::unique_ptr<ParsedFile> parsed_;
};

}  // namespace envdrift::resolve
