// The search page press-serve sends at /: one self-contained HTML document
// (its styles and script inline, nothing loaded from elsewhere), compiled in
// from serve/page.html.
#ifndef LIBSEARCH_SERVE_PAGE_H_
#define LIBSEARCH_SERVE_PAGE_H_

namespace press_serve {

extern const char kPage[];

}  // namespace press_serve

#endif  // LIBSEARCH_SERVE_PAGE_H_
