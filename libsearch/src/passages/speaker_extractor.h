// Speaker attribution: decides who said each passage of a release.
//
//   libsearch::SpeakerExtractor extractor;
//   extractor.attribute(release, passages);
//   // passages[i].speaker: {"Liu Meiying", "Member of the Party ..."},
//   // {"耿爽", "外交部发言人"}, {"", "journalist"} for a question, or none.
//
// What counts as evidence, per paragraph of Release::body (the conventions
// and their accuracy: tests/data/speakers/README.md):
//   - Transcripts (MFA press conferences; title "…外交部发言人耿爽主持例行记者会",
//     "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference …",
//     or a body with 问：/答：, Q:/A: markers): questions ("问：", "Q:",
//     "Follow-up:", "追问：", "路透社记者：", "The following question was
//     raised after the press conference:") get Speaker{"", "journalist"};
//     answers, the paragraphs that follow them and opening statements get the
//     host named in the title (or the only entry of
//     Release::declared_speakers); after a separator ("*****") the office's
//     notices get none.
//   - A reporting clause: "Liu Meiying, Deputy Director …, said that …",
//     "District Attorney Gonzalez said, “…”", "“…,” said Commissioner
//     Garnett" (also at the end of a long quotation, or as the next
//     paragraph), "刘梅英表示", "…副局长刘梅英介绍", "蔡總統致詞時表示",
//     "隨後，哈里斯總理致詞時表示", a lead clause's subject for "…，肯定…".
//     Titles with a surname or alone resolve to the person introduced earlier
//     with that title, else to the office holder on the release's date
//     (data/speakers/role_holders.tsv, corpus/FORMAT.md section 7).
//   - A speech introduced by a colon ("總統致詞內容如下：", "… as follows:")
//     and an account in indirect speech ("… said that …") go on in the
//     following paragraphs until the narration resumes (a heading, another
//     speaker, attendance lists, boilerplate such as "The case was
//     investigated by").
//   - "He said"/"她表示" and continuations (a quote-only paragraph after a
//     quoted speaker, a first-person paragraph right after a speaker's
//     paragraph) take the previous speaker.
// Everything else, including narration by the issuing office and the reporter
// credit ("(Reporter: Zhang Lu)", Release::reporter), gets no speaker; so do
// names that are no person's ("祝賀馬", "張女士", "瓜地馬拉").
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
