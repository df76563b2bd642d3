// The per-release state of speaker attribution, shared by the rule families
// that each live in their own file:
//   speaker_extractor.cc   paragraph loop, continuations, pronouns
//   speaker_people.cc      the people a release introduces, names and titles
//   speaker_transcript.cc  press conference transcripts (问：/答：, Q:/A:)
//   speaker_chinese.cc     Chinese reporting clauses ("副總統致詞時表示")
//   speaker_english.cc     English reporting clauses ("Gonzalez said")
// Library-internal: SpeakerExtractor (speaker_extractor.h) is the interface.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_ATTRIBUTOR_H_
#define LIBSEARCH_PASSAGES_SPEAKER_ATTRIBUTOR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsearch/release.h"
#include "passages/speaker_text.h"

namespace libsearch::detail::speakers {

// A person the release has introduced so far, with the role written beside
// the name ("District Attorney", "副總統"; may be empty).
struct Person {
  std::string name;
  std::string role;
  bool chinese = false;
};

bool is_surname(char32_t cp);
// Whether a name found by the rules can be a person's: not a verb phrase
// ("祝賀馬"), a form of address ("張女士") or a cut title ("李副").
bool plausible_name(std::string_view name);
// A Han character that may continue a Chinese name (not a verb or particle
// that typically follows one).
bool is_name_char(char32_t cp);
bool is_title_word(std::string_view w);
// "Eric", "O'Neill", "Ho-Yeon", "P." (an initial), "McKenzie".
bool is_name_word(std::string_view w);
// Last word of an English name, or the first character of a Chinese one.
std::string_view surname_of(const Person& p);
// A role that names `title` as a whole word: "Acting District Attorney"
// has "District Attorney"; "副總統" does not have "總統".
bool role_has_title(std::string_view role, std::string_view title);

// Where a transcript is: before the first question, in a question, in an
// answer, or in the office's notices after a separator.
enum class Turn { kOpening, kQuestion, kAnswer, kNotice };

// Attributes the paragraphs of one release in reading order. Keeps a
// reference to the release, which must outlive it. Not thread-safe; cheap
// to create (one per release).
class ReleaseAttributor {
 public:
  explicit ReleaseAttributor(const Release& r);
  ReleaseAttributor(const ReleaseAttributor&) = delete;  // refers to its release
  ReleaseAttributor& operator=(const ReleaseAttributor&) = delete;

  // The speaker of body paragraph `index`; call for 0, 1, 2, ... in order.
  std::optional<Speaker> paragraph(std::size_t index);
  // The speaker of a text outside the body's paragraphs.
  std::optional<Speaker> loose_text(std::string_view text);
  void set_index(int i) { current_index_ = i; }
  // The speaker the paragraph before the last one judged turns out to have
  // (its attribution came in the next paragraph), once.
  std::optional<Speaker> take_patch() {
    std::optional<Speaker> p = patch_previous_;
    patch_previous_.reset();
    return p;
  }

 private:
  // speaker_extractor.cc
  std::optional<Speaker> judge(std::string_view text, int index);
  static bool is_reporter_credit(std::string_view t);
  static bool first_person(std::string_view t);
  std::optional<Speaker> pronoun(int index) const;
  // The speaker a colon-introduced speech or statement belongs to
  // ("總統致詞內容如下：", "外交部发言人X宣布：", "remarks as follows:").
  std::optional<Speaker> speech_intro(std::string_view text);
  // Whether `text` opens by naming `s` (name or role) as the subject of
  // narration ("總統隨後頒發…").
  bool mentions_in_third_person(std::string_view text, const Speaker& s) const;
  // Whether the start of `text` names a person other than `s` whom the
  // release introduced.
  bool mentions_other_person(std::string_view text, const Speaker& s) const;
  // Whether the start of `text` names `s` by surname (English).
  static bool mentions_surname(std::string_view text, const Speaker& s);

  // speaker_transcript.cc
  void detect_transcript();
  // Recognises a turn marker ("问：", "答:", "Q:", "A:", "Follow-up:",
  // "路透社记者：", "Reuters:", "赵立坚："). Sets the turn and, for a named
  // answerer, marker_name.
  bool marker(std::string_view t, Turn& turn, std::string& marker_name) const;
  std::optional<Speaker> transcript(std::string_view t);

  // speaker_people.cc
  // Length in code points of a Chinese name starting at c[i]: 3 if the third
  // character can belong to a name, else 2; 0 if c[i] is not a surname.
  static std::size_t name_after(const Chars& c, std::size_t i);
  // Start index of a Chinese name ending just before c[end]: 3 or 2
  // characters, starting with a surname; npos if none.
  static std::size_t name_before(const Chars& c, std::size_t end);
  // Finds the leftmost, longest title at or after code point `from`.
  // Returns the index and sets the title; npos if none.
  static std::size_t find_title(const Chars& c, std::size_t from, std::string_view& title);
  void add_person(std::string_view name, std::string_view role, bool chinese);
  // Registers "蔡英文總統", "外交部发言人耿爽", "Commissioner Margaret
  // Garnett" anywhere in `text`, so later title-only references resolve.
  void register_people(std::string_view text);
  void register_chinese(std::string_view text);
  void register_english(std::string_view text);
  const Person* find_by_role(std::string_view title) const;
  const Person* find_by_surname(std::string_view surname, std::string_view title) const;
  const Person* find_by_name(std::string_view name) const;
  // The holder of `office` ("總統", "District Attorney") for this
  // release's source on its date, from the role-holder table; "" if none.
  std::string office_holder(std::string_view office) const;

  // speaker_chinese.cc
  // Strips adverbs between the subject and the verb ("總統進一步" -> "總統").
  static std::string_view strip_chinese_tail(std::string_view s);
  std::optional<Speaker> resolve_chinese_subject(std::string_view subject);
  // A first clause without a speech verb that starts with a title-only
  // reference ("總統抵達民雄大士爺廟時") sets the topic for a pronoun later in
  // the sentence.
  void set_topic(std::string_view clause);
  std::optional<Speaker> chinese(std::string_view text);
  // The reporting clause of one sentence, clause by clause.
  std::optional<Speaker> chinese_sentence(std::string_view sentence);

  // speaker_english.cc
  static bool is_abbreviation_before(std::string_view text, std::size_t dot);
  // Where a name written after its verb ends: at a comma, or a full stop
  // that does not end an initial or an abbreviation ("Rev. Anthony L.
  // Trufant, Senior Pastor").
  static std::size_t name_end(std::string_view who);
  // Byte offset where the sentence holding `pos` starts. With
  // `quotes_end_sentences`, a closing quotation mark followed by a space
  // also starts one ('"..." He said'); for counting sentences it does not
  // ('the "two zones" in Beijing').
  static std::size_t sentence_start(std::string_view text, std::size_t pos,
                                    bool quotes_end_sentences = true);
  static std::size_t count_sentences_before(std::string_view text, std::size_t pos);
  std::optional<Speaker> resolve_english_subject(std::string_view subject, bool inverted);
  std::optional<Speaker> english(std::string_view text);
  // A reporting clause in the first two sentences.
  std::optional<Speaker> english_clause(std::string_view text);

  const Release& release_;
  std::vector<Person> people_;
  std::optional<Speaker> last_;      // last named speaker in this section
  int last_index_ = -1;
  std::optional<Speaker> previous_;  // speaker of the previous text paragraph
  bool previous_quoted_ = false;
  bool previous_starts_quote_ = false;  // the previous paragraph opens with a quote
  bool previous_clause_ = false;        // ... and had a reporting clause
  bool attribution_only_ = false;       // this paragraph is "X said."
  bool previous_attribution_only_ = false;
  std::optional<Speaker> patch_previous_;
  int current_index_ = -1;
  bool pronoun_ok_ = true;   // an English pronoun subject may refer back
  bool own_clause_ = false;  // the paragraph has an unresolved reporting clause
  std::optional<Speaker> account_;  // speaker whose account may carry on
  std::optional<Speaker> speech_;   // speaker of a colon-introduced speech
  std::optional<Speaker> topic_;  // person the current Chinese sentence is about
  bool dangling_said_ = false;  // the last paragraph ended '…,” said'
  bool headline_ = false;   // registering people from the title
  bool transcript_ = false;
  bool notice_host_ = false;  // after a separator, the host speaks again
  std::optional<Speaker> host_;
  std::optional<Speaker> answerer_;
  Turn turn_ = Turn::kOpening;
};

}  // namespace libsearch::detail::speakers

#endif  // LIBSEARCH_PASSAGES_SPEAKER_ATTRIBUTOR_H_
