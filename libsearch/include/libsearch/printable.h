// libsearch: text from a release (or a query, or a file) made safe to print
// on a terminal.
//
//   std::cout << libsearch::printable(hit.title) << "\n";
//   std::cout << libsearch::printable(passage.text, libsearch::Newlines::kKeep);
//
// Indexed text is untrusted: a release may hold terminal escapes, and a
// terminal obeys them (ESC ] 0 ; ... BEL retitles it, ESC [ 2 J clears it).
// printable() shows every control character in a visible form instead, so
// what was indexed is what the reader sees. JSON and CSV output need no
// such step: their writers escape or quote control characters themselves.
#ifndef LIBSEARCH_PRINTABLE_H_
#define LIBSEARCH_PRINTABLE_H_

#include <string>
#include <string_view>

namespace libsearch {

// Whether printable() keeps line feeds (for text shown as lines of its own)
// or shows them as "\n" (for a value printed within one line).
enum class Newlines { kEscape, kKeep };

// Returns `text` (UTF-8) with nothing a terminal would act on:
//
//   - C0 controls (U+0000..U+001F) other than tab, and DEL (U+007F), become
//     "\xHH" (ESC is "\x1B", CR "\x0D"); a line feed becomes "\n", unless
//     `newlines` is Newlines::kKeep;
//   - C1 controls (U+0080..U+009F, which some terminals read as ESC [ and
//     the like) and the bidirectional embeddings, overrides and isolates
//     (U+202A..U+202E, U+2066..U+2069, which reorder what follows them on
//     screen) become "\u{HHHH}";
//   - a byte that does not begin valid UTF-8 becomes "\xHH".
//
// Everything else, tab included, is copied unchanged (a backslash too, so a
// text that holds the characters "\x1B" reads the same as an escaped ESC).
// Pure function, thread-safe.
std::string printable(std::string_view text, Newlines newlines = Newlines::kEscape);

}  // namespace libsearch

#endif  // LIBSEARCH_PRINTABLE_H_
