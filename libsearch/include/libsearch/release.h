// libsearch: the release model shared by readers, the indexer and results.
//
// A Release is one press release as read from a corpus file: metadata plus
// body paragraphs in reading order. A Passage is the unit of retrieval: one
// body paragraph (or part of a very long one) with the speaker who said it.
//
//   libsearch::Release r;
//   r.id = "sample-en-001";
//   r.lang = "en";
//   r.title = "Ministry holds press conference";
//   r.date = "2024-03-01";
//   r.body.push_back({libsearch::Paragraph::Kind::kText, "Hello.", 0});
//
// All strings are UTF-8. These are plain values: copyable, movable, and safe
// to share between threads once built.
#ifndef LIBSEARCH_RELEASE_H_
#define LIBSEARCH_RELEASE_H_

#include <optional>
#include <string>
#include <vector>

namespace libsearch {

// One body paragraph. Headings (section titles such as "Highlight One") are
// kept in order with the text so passages can report their section.
struct Paragraph {
  enum class Kind { kText, kHeading };
  Kind kind = Kind::kText;
  std::string text;
  // 1-based line in the source file where the paragraph starts; 0 if unknown.
  int line = 0;
};

// Who said a passage. `name` is as written in the release (for display);
// `role` is the title or function the text gives ("外交部发言人",
// "Deputy Director General of ...", "journalist"), empty if none.
struct Speaker {
  std::string name;
  std::string role;

  bool operator==(const Speaker& o) const {
    return name == o.name && role == o.role;
  }
};

struct Release {
  std::string id;      // unique across the collection; required
  std::string lang;    // "zh-Hans", "zh-Hant" or "en"
  std::string title;
  std::string date;    // "YYYY-MM-DD"; empty when the source gives none
  std::string source;  // issuing body
  std::string url;     // may be empty
  std::vector<Paragraph> body;
  // The reporter credited at the end ("(Reporter: Zhang Lu)"): metadata,
  // never a speaker. Empty if none.
  std::string reporter;
  // Speakers the source's own metadata names (the JSONL `speakers` field or
  // the XML <speakers> element). A hint for attribution, not a guarantee.
  std::vector<std::string> declared_speakers;
  // Where the release was read from: file path and 1-based line (for
  // messages). Not indexed for search.
  std::string origin_path;
  int origin_line = 0;
};

// A unit of retrieval: one text paragraph or a sentence-aligned part of a
// long one.
struct Passage {
  int paragraph = 0;   // 0-based index into Release::body where it starts
  std::string text;
  std::optional<Speaker> speaker;
  std::string section;  // text of the heading in force, empty if none
  // Dates the passage mentions, resolved against the release date:
  // "YYYY-MM-DD", or "YYYY-MM" / "YYYY" when the text is that coarse.
  std::vector<std::string> mentioned_dates;
};

}  // namespace libsearch

#endif  // LIBSEARCH_RELEASE_H_
