// What survives translation between a Chinese passage and its English
// counterpart: Arabic numbers, Latin names and acronyms, month names (as
// numbers), and the question/answer marker a transcript paragraph opens with.
//
//   anchors_of("问：APEC会议将于11月12日举行")  // {"11", "12", "APEC"}
//   anchors_of("Q: The APEC meeting on November 12")  // {"11", "12", "APEC"}
//   transcript_role("答：我没有这方面消息。") == TranscriptRole::kAnswer
//
// Pure functions, thread-safe.
#ifndef LIBSEARCH_BILINGUAL_ANCHORS_H_
#define LIBSEARCH_BILINGUAL_ANCHORS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace libsearch::detail {

// Sorted, distinct anchors of `text`: digit runs (thousands commas dropped,
// leading zeros dropped: "3,000" and "03000" are "3000"), Latin tokens of
// two letters or more that are written in capitals or mixed with digits
// ("APEC", "5G", "WHO"), uppercased, and English month names as their
// number ("November" -> "11"). In Chinese text every Latin token of two
// letters or more counts ("FireEye" -> "FIREEYE"), since it was left
// untranslated.
std::vector<std::string> anchors_of(std::string_view text, bool chinese);

// Dice coefficient of two sorted anchor lists, in [0, 1]; 0 when both are
// empty.
double anchor_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Sorted, distinct Latin words of two letters or more in `text`, uppercased
// ("Naver" -> "NAVER"): where a Latin name a Chinese text kept as written
// ("Naver", "FireEye") is looked for in its English translation, which
// writes it in mixed case like any other word.
std::vector<std::string> latin_words_of(std::string_view text);

enum class TranscriptRole {
  kOther,     // no marker: an announcement, or the rest of an answer
  kQuestion,  // "问：", "Q:", "Follow-up:" / "追问："
  kAnswer,    // "答：", "A:"
};

// The marker `text` opens with (spaces before the colon allowed: "Q :").
TranscriptRole transcript_role(std::string_view text);

// Length of `text` for length ratios: code points of Han characters count
// 1, other runs of letters or digits count as their bytes / 3 (an English
// translation is about three times as many bytes as its Chinese).
double text_weight(std::string_view text);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_BILINGUAL_ANCHORS_H_
