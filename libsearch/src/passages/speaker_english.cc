#include "passages/speaker_attributor.h"

#include <algorithm>


namespace libsearch::detail::speakers {
namespace {

constexpr std::array<std::string_view, 32> kEnglishVerbs = {
    "said",       "says",       "added",     "adds",      "noted",
    "notes",      "stated",     "states",    "explained", "explains",
    "stressed",   "stresses",   "announced", "announces", "told",
    "continued",  "emphasized", "emphasised", "remarked", "commented",
    "observed",   "declared",   "concluded", "urged",     "warned",
    "highlighted", "insisted",  "acknowledged", "replied", "responded",
    "pointed out", "described"};

}  // namespace

bool ReleaseAttributor::is_abbreviation_before(std::string_view text, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && text[b - 1] != ' ') --b;
  std::string_view w = text.substr(b, dot - b);
  while (!w.empty() && (w.front() == '(' || w.front() == '"')) w.remove_prefix(1);
  if (w.size() == 1 && is_upper(w[0])) return true;  // initial
  if (w.find('.') != std::string_view::npos) return true;  // U.S.
  static constexpr std::array<std::string_view, 20> kAbbrev = {
      "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Lt", "Sgt", "Det",
      "Capt", "Gov", "Sen", "Rep", "Inc", "Co", "Corp", "No", "Rev", "Hon"};
  return in_list(kAbbrev, w);
}

// Byte offset where the sentence holding `pos` starts. With
// `quotes_end_sentences`, a closing quotation mark followed by a space
// also starts one ('"..." He said'); for counting sentences it does not
// ('the "two zones" in Beijing').
std::size_t ReleaseAttributor::sentence_start(std::string_view text, std::size_t pos,
                                  bool quotes_end_sentences) {
  std::size_t i = pos;
  while (i > 0) {
    --i;
    char c = text[i];
    if ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() &&
        text[i + 1] == ' ' && !(c == '.' && is_abbreviation_before(text, i))) {
      return i + 2;
    }
    // A closing quotation mark followed by a space: '"..." He said'.
    if (!quotes_end_sentences) continue;
    if (i + 1 < text.size() && text[i + 1] == ' ' && i > 0 &&
        text[i - 1] != ' ' && (c == '"')) {
      return i + 2;
    }
    if (i >= 2 && text.substr(i - 2, 3) == "”" && i + 1 < text.size() &&
        text[i + 1] == ' ') {
      return i + 2;
    }
  }
  return 0;
}

std::size_t ReleaseAttributor::count_sentences_before(std::string_view text, std::size_t pos) {
  std::size_t n = 0;
  std::size_t p = pos;
  while (p > 0) {
    std::size_t s = sentence_start(text, p, false);
    if (s == 0) break;
    ++n;
    p = s - 2;
  }
  return n;
}

std::optional<Speaker> ReleaseAttributor::resolve_english_subject(std::string_view subject, bool inverted) {
  std::string_view s = trim_punct(subject);
  if (s.empty()) return std::nullopt;
  // Drop adverbs between subject and verb: "He also said", "Gonzalez
  // further noted". An alleged statement is a defendant's, never a
  // speaker's.
  for (;;) {
    std::size_t sp = s.rfind(' ');
    std::string_view last = sp == std::string_view::npos ? s : s.substr(sp + 1);
    if (last == "allegedly" || last == "reportedly") return std::nullopt;
    if (sp != std::string_view::npos &&
        (last == "also" || last == "further" || last == "then" || last == "later" ||
         last == "has" || last == "had" || last == "have" || last == "previously" ||
         last == "additionally" || last == "today" || last == "recently" ||
         last == "once" || last == "again")) {
      s = trim_punct(s.substr(0, sp));
      continue;
    }
    break;
  }
  if (s == "He" || s == "She" || s == "he" || s == "she") {
    return pronoun_ok_ ? pronoun(current_index_) : std::nullopt;
  }

  // "Name, Role, ..., said": the first comma segment is the person.
  std::string_view seg0 = s, rest;
  std::size_t comma = s.find(',');
  if (comma != std::string_view::npos && !inverted) {
    seg0 = trim(s.substr(0, comma));
    rest = trim_punct(s.substr(comma + 1));
  }
  // "Pastor Lawrence E. Aker III of Cornerstone Baptist Church": the
  // organisation after "of" belongs to the role.
  // A dateline opens the first paragraph: "BROOKLYN – New York Attorney
  // General Letitia James and …".
  for (std::string_view dash : {" – ", " — ", " - "}) {
    std::size_t p = seg0.find(dash);
    if (p != std::string_view::npos && p < 30) seg0 = trim(seg0.substr(p + dash.size()));
  }
  for (std::string_view prep : {" of ", " from ", " at "}) {
    std::size_t p = seg0.find(prep);
    // "New York City Department of Buildings Commissioner Rick Chandler":
    // the title and name come after the organisation.
    bool title_after = false;
    if (p != std::string_view::npos) {
      for (std::string_view w : words(seg0.substr(p + prep.size()))) {
        if (is_title_word(w)) title_after = true;
      }
    }
    if (p != std::string_view::npos && !title_after) {
      if (rest.empty()) rest = trim(seg0.substr(p + 1));
      seg0 = trim(seg0.substr(0, p));
    }
  }
  // "Governor Andrew M. Cuomo and Acting Brooklyn District Attorney Eric
  // Gonzalez today announced": the first named; "New York State Homes and
  // Community Renewal Commissioner James S. Rubin": the run after the
  // organisation's lowercase words.
  std::vector<std::string_view> ws = words(seg0);
  // "(USCIS)": an organisation's initials, not part of a name.
  ws.erase(std::remove_if(ws.begin(), ws.end(),
                          [](std::string_view w) { return starts_with(w, "("); }),
           ws.end());
  const auto particle = [](std::string_view w) {
    return w == "de" || w == "van" || w == "von" || w == "del" || w == "della" || w == "da" ||
           w == "di" || w == "du" || w == "la" || w == "le";
  };
  const auto resolves = [&](const std::vector<std::string_view>& part) {
    if (part.empty()) return false;
    for (std::string_view w : part) {
      if (!is_upper(w[0]) && !particle(w)) return false;
    }
    return true;
  };
  std::size_t and_at = ws.size();
  for (std::size_t k = 0; k < ws.size(); ++k) {
    if (ws[k] == "and" || ws[k] == "&") {
      and_at = k;
      break;
    }
  }
  if (and_at < ws.size() && !inverted) {
    std::vector<std::string_view> first(ws.begin(), ws.begin() + static_cast<std::ptrdiff_t>(and_at));
    bool titled = false;
    for (std::string_view w : first) titled = titled || is_title_word(w);
    if (resolves(first) && first.size() >= 2 && titled && is_name_word(first.back())) {
      ws = first;
    }
  }
  if (!resolves(ws)) {
    std::size_t from = 0;
    for (std::size_t k = 0; k < ws.size(); ++k) {
      if (!is_upper(ws[k][0]) && !(particle(ws[k]) && k > 0 && k + 1 < ws.size())) from = k + 1;
    }
    if (from > 0 && from < ws.size()) ws.erase(ws.begin(), ws.begin() + static_cast<std::ptrdiff_t>(from));
  }
  if (ws.empty() || ws.size() > 8) return std::nullopt;
  if (ws[0] == "The" || ws[0] == "the") ws.erase(ws.begin());
  if (ws.empty()) return std::nullopt;
  for (std::string_view& w : ws) {
    if (ends_with(w, "’s") || ends_with(w, "'s")) return std::nullopt;
    if (!is_upper(w[0]) && !particle(w)) return std::nullopt;
  }
  std::size_t last_title = std::string_view::npos;
  for (std::size_t k = 0; k < ws.size(); ++k) {
    if (is_title_word(ws[k])) last_title = k;
  }
  std::size_t nb = last_title == std::string_view::npos ? 0 : last_title + 1;
  for (std::size_t k = nb; k < ws.size(); ++k) {
    if (!is_name_word(ws[k]) && !(particle(ws[k]) && k > nb && k + 1 < ws.size())) {
      return std::nullopt;
    }
  }
  std::string title;
  if (last_title != std::string_view::npos) {
    std::size_t rb = last_title;
    while (rb > 0 && is_title_word(ws[rb - 1])) --rb;
    for (std::size_t k = rb; k <= last_title; ++k) {
      if (!title.empty()) title += ' ';
      title += ws[k];
    }
  }
  std::size_t n = ws.size() - nb;
  if (n >= 2 && n <= 4) {
    std::string name;
    for (std::size_t k = nb; k < ws.size(); ++k) {
      if (!name.empty()) name += ' ';
      name += ws[k];
    }
    // "Commissioner La Rocca" after "Commissioner Melanie E. La Rocca".
    for (const Person& p : people_) {
      if (!p.chinese && p.name.size() > name.size() + 1 && ends_with(p.name, " " + name)) {
        return Speaker{p.name, title.empty() ? p.role : title};
      }
    }
    std::string role = !title.empty() ? title : std::string(rest);
    if (role.empty()) {
      if (const Person* p = find_by_name(name)) role = p->role;
    }
    add_person(name, role, false);
    return Speaker{name, role};
  }
  if (n == 1) {
    if (const Person* p = find_by_surname(ws[nb], "")) {
      return Speaker{p->name, title.empty() ? p->role : title};
    }
    // "DA Gonzalez" in a release that never writes his full name: the
    // holder of the office, when the surname is theirs.
    if (!title.empty()) {
      std::string holder = office_holder(title);
      if (!holder.empty() && ends_with(holder, " " + std::string(ws[nb]))) return Speaker{holder, title};
    }
    return std::nullopt;
  }
  if (n == 0 && !title.empty()) {
    if (const Person* p = find_by_role(title)) return Speaker{p->name, title};
    // "The District Attorney said" where the release never names them.
    std::string holder = office_holder(title);
    if (!holder.empty()) return Speaker{holder, title};
  }
  return std::nullopt;
}

std::size_t ReleaseAttributor::name_end(std::string_view who) {
  for (std::size_t i = 0; i < who.size(); ++i) {
    const char c = who[i];
    if (c == ',' || c == ';' || c == ':') return i;
    // A full stop ends the name unless it ends an initial or "Rev.".
    if (c == '.' && !is_abbreviation_before(who, i)) return i;
  }
  return who.size();
}

std::optional<Speaker> ReleaseAttributor::english(std::string_view text) {
  // The paragraph after a quotation ending '…,” said' opens with the
  // speaker's name: it goes on with the quotation ("DA Gonzalez. “…").
  if (dangling_said_) {
    dangling_said_ = false;
    if (!starts_with_quote(text)) {
      own_clause_ = true;
      return resolve_english_subject(text.substr(0, name_end(text)), true);
    }
  }
  std::optional<Speaker> s = english_clause(text);
  if (s || !starts_with_quote(text)) return s;
  // A quotation of several sentences with its attribution after the words,
  // at the end: '“… . … ,” said Council Member Brad Lander.' (issue 17,
  // case 5).
  for (std::string_view close : {",” ", ",\" ", "” ", "\" "}) {
    std::size_t p = text.rfind(close);
    if (p == std::string_view::npos) continue;
    std::string_view after = text.substr(p + close.size());
    for (std::string_view v : kEnglishVerbs) {
      if (starts_with(after, v) && (after.size() == v.size() || after[v.size()] == ' ')) {
        std::string_view who = after.substr(std::min(after.size(), v.size() + 1));
        // '…,” said' ending the paragraph: the name opens the next one
        // ("DA Gonzalez. “…", "Miriam Krinsky, Executive Director of …").
        if (trim(who).empty() && current_index_ >= 0 &&
            static_cast<std::size_t>(current_index_) + 1 < release_.body.size()) {
          who = release_.body[static_cast<std::size_t>(current_index_) + 1].text;
          dangling_said_ = true;
        }
        own_clause_ = true;
        return resolve_english_subject(who.substr(0, name_end(who)), true);
      }
      // '…,” Gonzalez said.'
      std::size_t vp = after.find(std::string(" ") + std::string(v));
      if (vp != std::string_view::npos && vp < 80) {
        std::size_t end = vp + 1 + v.size();
        if (end == after.size() || after[end] == '.' || after[end] == ',') {
          own_clause_ = true;
          return resolve_english_subject(after.substr(0, vp), false);
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<Speaker> ReleaseAttributor::english_clause(std::string_view text) {
  // Reporting clauses in the first two sentences.
  std::size_t from = 0;
  while (from < text.size()) {
    std::size_t vpos = std::string_view::npos, vlen = 0;
    for (std::string_view v : kEnglishVerbs) {
      std::size_t p = from;
      while ((p = text.find(v, p)) != std::string_view::npos) {
        bool left = p > 0 && (text[p - 1] == ' ');
        std::size_t e = p + v.size();
        bool right = e == text.size() || text[e] == ' ' || text[e] == ',' ||
                     text[e] == '.' || text[e] == ':' || text[e] == ';';
        if (left && right) break;
        p = e;
      }
      if (p != std::string_view::npos && p < vpos) {
        vpos = p;
        vlen = v.size();
      }
    }
    if (vpos == std::string_view::npos) return std::nullopt;
    if (count_sentences_before(text, vpos) >= 2) return std::nullopt;
    own_clause_ = true;
    std::size_t start = sentence_start(text, vpos);
    std::string_view subject = text.substr(start, vpos - start);
    std::optional<Speaker> s;
    if (trim_punct(subject).empty() && start > 0) {
      // '“…,” said District Attorney Gonzalez.'
      std::string_view after = text.substr(vpos + vlen);
      std::size_t e = after.find_first_of(",.;:");
      s = resolve_english_subject(after.substr(0, e), true);
    } else {
      // "He said" refers back to the last speaker only when it opens the
      // paragraph or follows a quotation; after narration in the same
      // paragraph it is someone in the story ("The victim's brother
      // testified ... He said, ..." in bkda-2016-02-05-c7c836c6).
      std::string_view before = trim(text.substr(0, start));
      pronoun_ok_ = before.empty() || ends_with(before, "\"") ||
                    ends_with(before, "”") || ends_with(before, "’");
      s = resolve_english_subject(subject, false);
    }
    if (s) return s;
    from = vpos + vlen;
  }
  return std::nullopt;
}

}  // namespace libsearch::detail::speakers
