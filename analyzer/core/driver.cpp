#include "analyzer/core/driver.h"

#include "analyzer/frontend.h"

namespace envdrift {

FileResult analyze_text(std::string_view rel, std::string text) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr) return {};
  SourceFile src{std::string(rel), std::string(rel), fe->language, std::move(text)};
  TSParser* parser = ts_parser_new();
  FileResult r = analyze_source(*fe, src, parser);
  ts_parser_delete(parser);
  return r;
}

}  // namespace envdrift
