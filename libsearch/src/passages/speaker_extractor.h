// Speaker attribution: decides who said each passage of a release.
//
//   libsearch::SpeakerExtractor extractor;
//   extractor.attribute(release, passages);
//   // passages[i].speaker: {"Liu Meiying", "Member of the Party ..."},
//   // {"耿爽", "外交部发言人"}, {"", "journalist"} for a question, or none.
//
// What counts as evidence, per paragraph of Release::body:
//   - Transcripts (MFA press conferences; title "…外交部发言人耿爽主持例行记者会",
//     "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference …",
//     or a body with 问：/答：, Q:/A: markers): questions ("问：", "Q:",
//     "Follow-up:", "追问：", "路透社记者：") get Speaker{"", "journalist"};
//     answers, the paragraphs that follow them and opening statements before
//     the first question get the host named in the title (or the only entry
//     of Release::declared_speakers).
//   - A reporting clause: "Liu Meiying, Deputy Director …, said that …",
//     "District Attorney Gonzalez said, “…”", "“…,” said Commissioner
//     Garnett", "刘梅英表示", "…副局长刘梅英介绍", "蔡總統致詞時表示". Titles
//     with a surname or alone ("副總統表示", "The District Attorney said")
//     resolve to the person introduced earlier in the release with that title.
//   - "He said"/"她表示" and continuations (a quote-only paragraph after a
//     quoted speaker, an English first-person paragraph right after a
//     speaker's paragraph) take the previous speaker.
// Everything else, including narration by the issuing office and the reporter
// credit ("(Reporter: Zhang Lu)", Release::reporter), gets no speaker.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_EXTRACTOR_H_
#define LIBSEARCH_PASSAGES_SPEAKER_EXTRACTOR_H_

#include <vector>

#include "libsearch/release.h"

namespace libsearch {

// Stateless and thread-safe: one instance may serve many threads. Uses no ICU
// objects and no regular expressions: attribution is a hand-written scan, so
// it costs about as much as reading the release once.
class SpeakerExtractor {
 public:
  // Sets Passage::speaker for every passage of `release` (passages in reading
  // order, as made by PassageSplitter). Attribution works per paragraph
  // (Passage::paragraph indexes Release::body): every passage of a paragraph
  // gets that paragraph's speaker; a passage whose paragraph index is out of
  // range is judged on its own text. A passage whose speaker is not
  // supported by clear evidence gets none: a wrong speaker is worse than none.
  void attribute(const Release& release, std::vector<Passage>& passages) const;
};

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_SPEAKER_EXTRACTOR_H_
