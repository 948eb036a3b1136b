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
  std::vector<std::string> ignore_names; // [ignore] names: never in a generated table
  std::vector<Registry> registries;      // every registry read: aliases and `envdrift: ignore` names
  // --insert: when no page has a region, add them to the first Markdown/MDX page (one per
  // service, under a heading, or one for the whole tree), at the end or after `insert_after`.
  bool insert = false;
  std::string insert_after;
};

// What the pages already say, so that the generated rows agree with them.
struct DocsKnowledge {
  std::vector<std::string> ignored;      // [ignore] names and `envdrift: ignore` comments
  // Entries of the Markdown/MDX registry pages outside every marker region (hand-written), with
  // the service owning each (section_owner; "" = a shared section).
  std::vector<std::pair<const DocVariable*, std::string>> written;
  // Every documented entry (all registries), for alias groups: the names of an entry and of the
  // entries on the same line (one table row) go in one generated row.
  std::vector<const DocVariable*> documented;
};

// The rows of a region: reads of the region's service (by `section=` = a service name or
// doc_section, else the innermost heading a doc_section prefixes; no service: every read).
// Throws DocsError when `section=` names no configured service.
std::vector<DocsRow> rows_for_region(const DocsRegion& region, const std::vector<EnvRead>& reads,
                                     const std::vector<ServiceSpec>& services);
// The same, agreeing with the pages: ignored names are left out; a name written by hand in a
// shared section is left out (it is documented for every service already); names documented
// together (an entry and its aliases, the names of one table row) make one row.
std::vector<DocsRow> rows_for_region(const DocsRegion& region, const std::vector<EnvRead>& reads,
                                     const std::vector<ServiceSpec>& services, const DocsKnowledge& knowledge);

// Exit codes: 0 current / written, 1 `--check` found a stale page (the diff goes to `out`),
// 2 no markers in any page (and no --insert), unbalanced markers, an unknown section, an
// --insert-after heading the page lacks, or a write failure.
int run_docs(const DocsRequest& request, std::ostream& out, std::ostream& err);

}  // namespace envdrift
