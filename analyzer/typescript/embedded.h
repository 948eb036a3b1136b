// Code embedded in markup: Vue and Svelte single-file components, Astro pages. Their script is
// TypeScript/JavaScript inside `<script>` elements (and Astro's `---` frontmatter); the rest is
// a template. The frontend parses only those byte ranges (tree-sitter included ranges), so
// every node keeps the file's own line and column.
#pragma once

#include <tree_sitter/api.h>

#include <string_view>
#include <vector>

namespace envdrift::js {

// The contents of every `<script>` element whose type is a script (none, `module`, a JavaScript
// or TypeScript MIME type or `lang`), in file order. Linear in the text.
std::vector<TSRange> script_element_ranges(std::string_view text);
// Astro: the frontmatter between a leading `---` line and the next `---` line, then the
// `<script>` elements.
std::vector<TSRange> astro_ranges(std::string_view text);

}  // namespace envdrift::js
