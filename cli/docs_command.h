// `envdrift docs [--write|--check|--stdout]`: regenerate the tables between envdrift markers in
// the registry pages from the code's reads (SPEC section 6).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/core/model.h"
#include "cli/config.h"
#include "registry/docs_writer.h"
#include "registry/model.h"

namespace envdrift {

enum class DocsMode { Check, Write, Stdout };

struct DocsRequest {
  DocsMode mode = DocsMode::Check;
  std::string root;                      // absolute scan root (report paths are relative to it)
  std::vector<std::string> pages;        // absolute paths of the registry files to consider
  std::vector<EnvRead> reads;            // service already filled (service_for_file)
  std::vector<ServiceSpec> services;
  std::vector<DocsColumn> columns;       // empty: default_docs_columns()
  bool quiet = false;                    // no diff, no "updated" lines (errors still go to err)
};

// The rows of a region: reads of the region's service (by `section=` = a service name or
// doc_section, else the innermost heading a doc_section prefixes; no service: every read).
// Throws DocsError when `section=` names no configured service.
std::vector<DocsRow> rows_for_region(const DocsRegion& region, const std::vector<EnvRead>& reads,
                                     const std::vector<ServiceSpec>& services);

// Exit codes: 0 current / written, 1 `--check` found a stale page (the diff goes to `out`),
// 2 no markers in any page, unbalanced markers, an unknown section, or a write failure.
int run_docs(const DocsRequest& request, std::ostream& out, std::ostream& err);

}  // namespace envdrift
