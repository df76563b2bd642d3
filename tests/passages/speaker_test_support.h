// Builds small releases for the speaker attribution tests and dumps what
// was attributed, one "name|role" or "-" per passage.
#ifndef LIBSEARCH_TESTS_PASSAGES_SPEAKER_TEST_SUPPORT_H_
#define LIBSEARCH_TESTS_PASSAGES_SPEAKER_TEST_SUPPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "libsearch/release.h"
#include "passages/speaker_extractor.h"

namespace libsearch::test {

struct Built {
  Release release;
  std::vector<Passage> passages;
};

// One passage per paragraph; a paragraph written "## text" is a heading.
inline Built build_release(const std::string& title, const std::vector<std::string>& paragraphs,
                           std::vector<std::string> declared = {}, std::string source = "",
                           std::string date = "") {
  Built b;
  b.release.id = "test";
  b.release.title = title;
  b.release.source = std::move(source);
  b.release.date = std::move(date);
  b.release.declared_speakers = std::move(declared);
  for (const std::string& p : paragraphs) {
    Paragraph para;
    if (p.rfind("## ", 0) == 0) {
      para.kind = Paragraph::Kind::kHeading;
      para.text = p.substr(3);
    } else {
      para.text = p;
    }
    b.release.body.push_back(para);
  }
  for (std::size_t i = 0; i < b.release.body.size(); ++i) {
    if (b.release.body[i].kind != Paragraph::Kind::kText) continue;
    Passage passage;
    passage.paragraph = static_cast<int>(i);
    passage.text = b.release.body[i].text;
    b.passages.push_back(passage);
  }
  SpeakerExtractor().attribute(b.release, b.passages);
  return b;
}

inline std::vector<std::string> dump(const std::vector<Passage>& passages) {
  std::vector<std::string> out;
  for (const Passage& p : passages) {
    out.push_back(p.speaker ? p.speaker->name + "|" + p.speaker->role : "-");
  }
  return out;
}

// One table row: a release and the speakers expected for its passages.
struct SpeakerRow {
  const char* what;
  std::string title;
  std::vector<std::string> paragraphs;
  std::vector<std::string> expected;
  std::string source = "";
  std::string date = "";
  std::vector<std::string> declared = {};
};

inline std::vector<std::string> attribute_row(const SpeakerRow& row) {
  return dump(build_release(row.title, row.paragraphs, row.declared, row.source, row.date).passages);
}

}  // namespace libsearch::test

#endif  // LIBSEARCH_TESTS_PASSAGES_SPEAKER_TEST_SUPPORT_H_
