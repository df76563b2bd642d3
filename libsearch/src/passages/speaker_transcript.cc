#include "passages/speaker_attributor.h"

#include <algorithm>

namespace libsearch::detail::speakers {

void ReleaseAttributor::detect_transcript() {
  const std::string& t = release_.title;
  // Chinese: "…外交部发言人耿爽主持例行记者会", "外交部发言人陆慷答记者问".
  for (std::string_view marker : {"外交部发言人", "外交部發言人", "发言人", "發言人"}) {
    std::size_t p = t.find(marker);
    if (p == std::string::npos) continue;
    Chars c(std::string_view(t).substr(p + marker.size()));
    std::size_t n = name_after(c, 0);
    if (n > 0) {
      host_ = Speaker{std::string(c.sub(0, n)),
                      std::string(starts_with(marker, "外") ? "外交部发言人" : "发言人")};
      if (marker == std::string_view("外交部發言人")) host_->role = "外交部發言人";
    }
    break;
  }
  // English: "Foreign Ministry Spokesperson Geng Shuang's Regular Press
  // Conference on ...".
  if (!host_) {
    std::size_t p = t.find("Spokesperson ");
    if (p != std::string::npos) {
      std::string_view rest = std::string_view(t).substr(p + 13);
      std::size_t end = std::min(rest.find("'s"), rest.find("’s"));
      if (end != std::string_view::npos) {
        std::string_view name = trim(rest.substr(0, end));
        std::vector<std::string_view> ws = words(name);
        bool ok = ws.size() >= 2 && ws.size() <= 4;
        for (std::string_view w : ws) ok = ok && is_name_word(w);
        if (ok) {
          bool fm = p >= 17 && std::string_view(t).substr(p - 17, 17) == "Foreign Ministry ";
          host_ = Speaker{std::string(name),
                          fm ? "Foreign Ministry Spokesperson" : "Spokesperson"};
        }
      }
    }
  }
  int questions = 0, answers = 0;
  for (const Paragraph& p : release_.body) {
    Turn turn;
    std::string marker_name;
    if (marker(trim(p.text), turn, marker_name)) {
      (turn == Turn::kQuestion ? questions : answers)++;
    }
  }
  transcript_ = host_.has_value() || (questions > 0 && answers > 0);
  if (transcript_ && !host_ && release_.declared_speakers.size() == 1) {
    host_ = Speaker{release_.declared_speakers[0], ""};
  }
}

// Recognises a turn marker ("问：", "答:", "Q:", "A:", "Follow-up:",
// "路透社记者：", "Reuters:", "赵立坚："). Sets the turn and, for a named
// answerer, marker_name.
bool ReleaseAttributor::marker(std::string_view t, Turn& turn, std::string& marker_name) const {
  std::size_t colon = std::string_view::npos, clen = 0;
  std::size_t a = t.find(':'), b = t.find("：");
  if (a != std::string_view::npos && (b == std::string_view::npos || a < b)) {
    colon = a;
    clen = 1;
  } else if (b != std::string_view::npos) {
    colon = b;
    clen = 3;
  }
  (void)clen;
  if (colon == std::string_view::npos || colon == 0 || colon > 40) return false;
  std::string_view head = trim(t.substr(0, colon));
  if (head.empty()) return false;
  if (head == "答" || head == "A") {
    turn = Turn::kAnswer;
    return true;
  }
  if (head == "问" || head == "問" || head == "Q" || head == "追问" ||
      head == "追問" || head == "又问" || head == "Follow-up" ||
      head == "Follow-up question" || head == "Follow up" ||
      head == "Journalist" || head == "Reporter" || ends_with(head, "记者") ||
      ends_with(head, "記者") || head.find("记者问") != std::string_view::npos) {
    turn = Turn::kQuestion;
    return true;
  }
  // "华春莹表示：…": an answer stated as such.
  for (std::string_view verb : {"表示", "說", "说"}) {
    if (ends_with(head, verb) && head.size() > verb.size()) {
      head = head.substr(0, head.size() - verb.size());
      break;
    }
  }
  for (const std::string& d : release_.declared_speakers) {
    if (head == d) {
      turn = Turn::kAnswer;
      marker_name = d;
      return true;
    }
  }
  if (host_ && head == host_->name) {
    turn = Turn::kAnswer;
    marker_name = host_->name;
    return true;
  }
  // A news organisation as the English marker: "Reuters:", "AFP:",
  // "CCTV4:", "China Daily:".
  std::vector<std::string_view> ws = words(head);
  if (!first_is_han(head) && !ws.empty() && ws.size() <= 3) {
    for (std::string_view w : ws) {
      if (!is_upper(w[0])) return false;
      for (char c : w) {
        if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
      }
    }
    if (head == "Note" || head == "Notes" || head == "Update") return false;
    turn = Turn::kQuestion;
    return true;
  }
  return false;
}

namespace {

// "*****", "* * *": the separator before the office's notices at the end of
// a transcript (mfa-en-t1651487).
bool is_separator(std::string_view t) {
  if (t.empty()) return false;
  std::size_t stars = 0;
  for (char c : t) {
    if (c == '*') {
      ++stars;
    } else if (c != ' ') {
      return false;
    }
  }
  return stars >= 3;
}

// A question asked after the conference and printed without a marker: "The
// following question was raised after the press conference: …".
bool is_late_question(std::string_view t) {
  for (std::string_view p :
       {"The following question was raised", "The following questions were raised",
        "A journalist posed the following question", "After the press conference, a journalist",
        "After the Press Conference, a journalist", "After the press conference, journalists",
        "记者会后，有记者", "会后有记者", "会后，有记者", "記者會後，有記者"}) {
    if (starts_with(t, p)) return true;
  }
  return false;
}

// The office's notice after a separator: a change of schedule, an event.
bool is_notice(std::string_view t) {
  for (std::string_view w :
       {"press conference will", "press conference on", "will be adjourned", "will begin",
        "will be held", "schedule", "记者会将", "记者会于", "休会", "放假", "暂停举行", "推介",
        "届时", "報名", "报名", "敬请", "敬請"}) {
    if (t.find(w) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::optional<Speaker> ReleaseAttributor::transcript(std::string_view t) {
  if (is_separator(t)) {
    // What follows a separator is the office's notice (a holiday schedule,
    // a change of time) until the next turn marker.
    turn_ = Turn::kNotice;
    notice_host_ = false;
    answerer_.reset();
    return std::nullopt;
  }
  if (is_late_question(t)) {
    // The question and the answer share no markers: the paragraphs after
    // the question are the answer.
    turn_ = Turn::kAnswer;
    answerer_.reset();
    return Speaker{"", "journalist"};
  }
  Turn turn;
  std::string marker_name;
  if (marker(t, turn, marker_name)) {
    turn_ = turn;
    answerer_.reset();
    if (turn == Turn::kAnswer && !marker_name.empty() &&
        !(host_ && host_->name == marker_name)) {
      answerer_ = Speaker{marker_name, host_ ? host_->role : ""};
    }
  }
  if (turn_ == Turn::kQuestion) return Speaker{"", "journalist"};
  // After a separator the host may still speak in person ("Today marks the
  // 70th anniversary …, we …"); the office's notices speak of the press
  // conference in the third person.
  if (turn_ == Turn::kNotice) {
    if (is_notice(t)) {
      notice_host_ = false;
      return std::nullopt;
    }
    if (first_person(t) || t.find("我") != std::string_view::npos) notice_host_ = true;
    if (!notice_host_) return std::nullopt;
  }
  if (answerer_) return answerer_;
  return host_;
}

}  // namespace libsearch::detail::speakers
