// Finds which Chinese release and which English release are the same press
// conference or spokesperson statement, from what they say, never from
// their ids.
//
//   std::vector<LinkCandidate> all = ...;  // releases of one database
//   for (const ReleaseLink& l : find_links(all)) ...  // l.zh <-> l.en
//
// Two releases can be linked only if one is Chinese and the other English,
// they have the same date, the same kind (release_kind() of their titles)
// and the same spokesperson (speaker identity key: 耿爽 = Geng Shuang).
// Among those candidates the content decides: numbers, dates, Latin names
// and acronyms shared by both texts, and how alike their question counts and
// paragraph counts are. A link is made only when each release is the
// other's best candidate, its score reaches kLinkThreshold, and no other
// candidate of either comes within kLinkMargin of it (ambiguous pairs stay
// unlinked).
//
// Pure computation, thread-safe.
#ifndef LIBSEARCH_BILINGUAL_RELEASE_LINKER_H_
#define LIBSEARCH_BILINGUAL_RELEASE_LINKER_H_

#include <string>
#include <string_view>
#include <vector>

#include "bilingual/passage_aligner.h"

namespace libsearch::detail {

enum class ReleaseKind {
  kNone,        // not a transcript we link
  kConference,  // "…主持例行记者会", "…'s Regular Press Conference on …",
                // "…'s Daily Briefing Online on …"
  kStatement,   // "…答记者问", "…表态", "…'s Remarks on …", "…Statement…"
};

ReleaseKind release_kind(std::string_view title);

struct LinkCandidate {
  std::string id;
  std::string lang;     // "zh-Hans", "zh-Hant", "en"
  std::string date;     // YYYY-MM-DD
  std::string title;
  std::string speaker;  // most frequent speaker identity key, "" if none
  std::vector<AlignParagraph> paragraphs;
};

struct ReleaseLink {
  std::string zh;
  std::string en;
  double score = 0;  // in [0, 1]
};

inline constexpr double kLinkThreshold = 0.35;
inline constexpr double kLinkMargin = 0.1;

// Score of `zh` against `en` in [0, 1], or a negative value when they cannot
// be linked at all (language, date, kind or speaker differ).
double link_score(const LinkCandidate& zh, const LinkCandidate& en);

// Links, sorted by Chinese id. Each release is in at most one link.
std::vector<ReleaseLink> find_links(const std::vector<LinkCandidate>& releases);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_BILINGUAL_RELEASE_LINKER_H_
