#include "passages/speaker_attributor.h"

#include <array>


namespace libsearch::detail::speakers {
namespace {

// Characters that end an organisation or place rather than a name: "國防部長"
// is the minister of 國防部, not a person called 國防.
constexpr std::u32string_view kOrganisationEnds =
    U"部院會会府局處处署委市縣县國国省州黨党團团司館馆校系所廳厅室組组社協协區区鄉乡鎮镇村界業业隊队軍军"
    U"方台臺台灣湾美日英法德韓韩中港澳邦盟際际外內内政經经";

// A transliterated foreign name ("哈里斯", "摩依士", "酈英傑") or a
// Chinese name whose surname the surname list lacks: Han characters that may
// continue a name, not ending like an organisation.
// Countries whose head of state or government the Taiwan releases name by
// title alone ("瓜地馬拉總統"): a place, not a name.
constexpr std::array<std::string_view, 26> kCountries = {
    "瓜地馬拉", "宏都拉斯", "貝里斯", "巴拉圭", "海地", "尼加拉瓜", "薩爾瓦多", "多明尼加", "巴拿馬",
    "馬紹爾", "帛琉", "吐瓦魯", "諾魯", "吉里巴斯", "索羅門", "史瓦帝尼", "梵蒂岡", "聖露西亞",
    "聖文森", "加拿大", "澳洲", "印度", "韓國", "英國", "法國", "德國"};

bool foreign_name(const Chars& b) {
  for (std::string_view country : kCountries) {
    if (b.text == country) return false;
  }
  for (char32_t cp : b.cps) {
    if (!is_name_char(cp)) return false;
  }
  return !contains_cp(kOrganisationEnds, b.cps.back()) && !contains_cp(kOrganisationEnds, b.cps.front());
}

// Adverbs and time phrases that sit between a subject and its speech verb
// ("總統進一步表示", "副總統致詞時表示"); stripped from the end of a subject.
constexpr std::array<std::string_view, 40> kChineseSubjectTails = {
    "進一步", "进一步", "接著",   "接着",   "再次",   "特別",   "特别",
    "隨後",   "随后",   "同時",   "同时",   "致詞時", "致辞时", "致詞",
    "致辞",   "最後",   "最后",   "以英文", "舉例",   "举例",   "首先",
    "也",     "還",     "还",     "則",     "则",     "並",     "并",
    "亦",     "更",     "在",     "今天",   "今日",   "稍早",   "會中",
    "会上",   "會上",   "時",     "时",     "又"};

constexpr std::array<std::string_view, 47> kChineseVerbs = {
    "告訴", "告诉", "相信", "希望", "勉勵", "勉励", "恭喜", "感謝", "期许", "舉例",
    "表示", "指出", "介绍", "介紹", "强调", "強調", "提到", "认为", "認為",
    "宣布", "透露", "坦言", "谈到", "談到", "补充", "補充", "回应", "回應",
    "重申", "呼吁", "呼籲", "期盼", "期勉", "期許", "提醒", "分享", "说道",
    "說道", "说",   "說",   "称",   "稱",   "提及", "感谢", "肯定", "談及", "谈及"};

}  // namespace

// Strips adverbs between the subject and the verb ("總統進一步" -> "總統").
std::string_view ReleaseAttributor::strip_chinese_tail(std::string_view s) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::string_view t : kChineseSubjectTails) {
      if (s.size() >= t.size() && ends_with(s, t)) {
        s.remove_suffix(t.size());
        changed = true;
      }
    }
  }
  return s;
}

std::optional<Speaker> ReleaseAttributor::resolve_chinese_subject(std::string_view subject) {
  std::string_view s = strip_chinese_tail(trim_punct(subject));
  // "隨後蔡總統在國宴致詞時": an adverb before the subject, a place after it.
  for (std::string_view adverb : {"隨後", "随后", "最後", "最后", "接著", "接着", "之後", "之后",
                                  "同時", "同时", "另外", "此外"}) {
    if (starts_with(s, adverb)) s.remove_prefix(adverb.size());
  }
  for (std::string_view place : {"在", "於", "于", "以", "向", "對", "对", "隨即", "随即"}) {
    std::size_t p = s.find(place);
    if (p != std::string_view::npos && p >= 6) s = strip_chinese_tail(s.substr(0, p));
  }
  // "首先恭喜…" after "副總統以英文致詞，": the subject is the topic.
  if (s.empty()) return topic_;
  // "除代表全體國人感謝…", "在總統府…宴請…時表示": an adverbial where the
  // subject was left out; the subject is the sentence's topic.
  if (topic_) {
    for (std::string_view lead : {"除", "在", "於", "于", "以", "並", "并", "也", "亦", "則", "则",
                                  "更", "另", "還", "还", "對", "对", "向", "同時", "同时"}) {
      if (starts_with(s, lead)) return topic_;
    }
  }
  Chars c(s);
  // "蔡英文總統今（25）日下午接見…時強調": a lead clause whose subject is
  // a person the release has introduced, then the occasion.
  for (const Person& p : people_) {
    if (!p.chinese || p.role.empty()) continue;
    for (const std::string& form : {p.name + p.role, p.role + p.name}) {
      if (starts_with(s, form)) return Speaker{p.name, p.role};
    }
  }
  if (c.size() > 30) return std::nullopt;
  if ((c.cps[0] == U'他' || c.cps[0] == U'她') &&
      !(c.size() > 1 && (c.cps[1] == U'们' || c.cps[1] == U'們'))) {
    // "總統抵達…時受到歡迎，她在致詞時表示": the sentence's own topic.
    if (topic_ && c.size() <= 12) return topic_;
    return c.size() <= 4 ? pronoun(current_index_) : std::nullopt;
  }
  std::string_view title;
  std::size_t tp = find_title(c, 0, title);
  // "陳副總統辦公室透過發言人黃重諺": the last title with its name ends the
  // subject; the first is someone it mentions.
  if (tp != std::string_view::npos) {
    std::string_view later_title;
    std::size_t later = tp;
    std::size_t from = tp + Chars(title).size();
    while ((later = find_title(c, from, later_title)) != std::string_view::npos) {
      const std::size_t lt = Chars(later_title).size();
      const std::size_t na = name_after(c, later + lt);
      if (na > 0 && later + lt + na == c.size()) {
        std::string name(c.sub(later + lt, c.size()));
        if (plausible_name(name)) {
          add_person(name, later_title, true);
          return Speaker{name, std::string(later_title)};
        }
      }
      from = later + lt;
    }
  }
  if (tp != std::string_view::npos) {
    std::size_t tlen = Chars(title).size();
    std::size_t na = name_after(c, tp + tlen);
    // Only a name right at the end of the subject (before the verb), so
    // that "總統今" is not read as a name.
    bool name_is_rest = na > 0 && tp + tlen + na == c.size();
    if (tp == 0) {
      if (name_is_rest) {
        std::string name(c.sub(tp + tlen, c.size()));
        add_person(name, title, true);
        return Speaker{name, std::string(title)};
      }
      if (const Person* p = find_by_role(title)) return Speaker{p->name, std::string(title)};
      // "總統說" in a release that never names the President.
      if (tp + tlen == c.size()) {
        std::string holder = office_holder(title);
        if (!holder.empty()) return Speaker{holder, std::string(title)};
      }
      return std::nullopt;
    }
    std::string_view before = c.sub(0, tp);
    Chars b(before);
    if ((b.size() == 2 || b.size() == 3) && is_surname(b.cps[0]) &&
        is_name_char(b.cps[1]) && is_name_char(b.cps.back())) {
      add_person(before, title, true);
      return Speaker{std::string(before), std::string(title)};
    }
    // "哈里斯總理", "卜睿哲博士": a name that is not a Chinese surname and
    // given name, right before the title that ends the subject.
    if (b.size() >= 2 && b.size() <= 4 && tp + tlen == c.size() && foreign_name(b)) {
      // "大橋會長" after "會長大橋光夫": the name in full, as introduced.
      std::string name(before);
      const std::string introduced = std::string(title) + name;
      const std::size_t at = release_.title.find(introduced);
      if (at != std::string::npos) {
        Chars rest(std::string_view(release_.title).substr(at + introduced.size()));
        std::size_t k = 0;
        while (k < rest.size() && k + b.size() < 5 && is_name_char(rest.cps[k])) ++k;
        name += std::string(rest.sub(0, k));
      }
      add_person(name, title, true);
      return Speaker{name, std::string(title)};
    }
    if (b.size() == 1 && is_surname(b.cps[0])) {
      if (const Person* p = find_by_surname(before, title)) {
        return Speaker{p->name, std::string(title)};
      }
      // "蔡總統" in a release that never writes her name: the holder of the
      // office, when the surname is theirs.
      std::string holder = office_holder(title);
      if (!holder.empty() && starts_with(holder, before)) return Speaker{holder, std::string(title)};
      return std::nullopt;
    }
    if (name_is_rest) {
      // "北京市商务局副局长刘梅英": the organisation belongs to the role.
      std::string name(c.sub(tp + tlen, c.size()));
      std::string role(c.sub(0, tp + tlen));
      add_person(name, role, true);
      return Speaker{name, role};
    }
    return std::nullopt;
  }
  if (const Person* p = find_by_name(s)) return Speaker{p->name, p->role};
  if ((c.size() == 2 || c.size() == 3) && is_surname(c.cps[0]) &&
      is_name_char(c.cps[1]) && is_name_char(c.cps.back())) {
    return Speaker{std::string(s), ""};
  }
  return std::nullopt;
}

// A first clause without a speech verb that starts with a title-only
// reference ("總統抵達民雄大士爺廟時") sets the topic for a pronoun later in
// the sentence. Lead paragraphs ("蔡英文總統今（11）日上午…，她強調…")
// are the office's summary of the event and set none.
void ReleaseAttributor::set_topic(std::string_view clause) {
  // A lead clause ("蔡英文總統今（13）日上午接見…") is about the person it
  // opens with: the clauses after it that leave out their subject ("，她肯定
  // …", "，強調…") are that person's words (issue 17, case 6).
  for (const Person& p : people_) {
    if (!p.chinese || p.role.empty()) continue;
    for (const std::string& form : {p.name + p.role, p.role + p.name}) {
      if (starts_with(clause, form)) {
        topic_ = Speaker{p.name, p.role};
        return;
      }
    }
  }
  Chars c(clause);
  std::string_view title;
  if (find_title(c, 0, title) == 0) {
    if (const Person* p = find_by_role(title)) topic_ = Speaker{p->name, std::string(title)};
  }
}

std::optional<Speaker> ReleaseAttributor::chinese(std::string_view text) {
  // The first sentence, clause by clause: "最後，副總統說，…" has its
  // reporting clause second.
  std::size_t end = text.find("。");
  std::string_view sentence = text.substr(0, end);
  topic_.reset();
  std::optional<Speaker> s = chinese_sentence(sentence);
  // "總統很高興有機會與漫畫人士見面，…。她說，…": the second sentence
  // names its speaker by a pronoun for the first one's topic.
  if (!s && topic_ && end != std::string_view::npos) {
    std::string_view next = text.substr(end + 3);
    if (starts_with(next, "她") || starts_with(next, "他")) {
      std::size_t e2 = next.find("。");
      const std::optional<Speaker> topic = topic_;
      s = chinese_sentence(next.substr(0, e2));
      if (!s || s->name != topic->name) s.reset();
    }
  }
  return s;
}

std::optional<Speaker> ReleaseAttributor::chinese_sentence(std::string_view sentence) {
  std::size_t b = 0;
  while (b < sentence.size()) {
    std::size_t e = sentence.size();
    std::size_t from = b;
    std::string_view clause;
    std::size_t vpos = std::string_view::npos;
    for (;;) {
      e = sentence.size();
      for (std::string_view sep : {"，", "；", "：", "！", "？", "「", "“", ","}) {
        std::size_t p = sentence.find(sep, from);
        if (p != std::string_view::npos && p < e) e = p;
      }
      clause = sentence.substr(b, e - b);
      vpos = std::string_view::npos;
      for (std::string_view v : kChineseVerbs) {
        std::size_t p = clause.find(v);
        // "發表演說", "小說": 說 in a noun is no speech verb.
        const auto noun = [&](std::size_t at) {
          if (v != "說" && v != "说") return false;
          const std::string_view before = at >= 3 ? clause.substr(at - 3, 3) : std::string_view();
          return before == "演" || before == "小" || before == "傳" || before == "传" ||
                 before == "遊" || before == "游";
        };
        while (p != std::string_view::npos && noun(p)) p = clause.find(v, p + v.size());
        if (p != std::string_view::npos && p < vpos) vpos = p;
      }
      // "接見「台北市漫畫從業人員職業工會」理事長賴有賢一行時表示": a name in
      // 「」 inside the subject, not a quotation after the verb.
      if (vpos != std::string_view::npos || e == sentence.size() ||
          sentence.substr(e, 3) != "「") {
        break;
      }
      std::size_t close = sentence.find("」", e);
      if (close == std::string_view::npos) break;
      from = close + 3;
    }
    if (vpos != std::string_view::npos) {
      // "…，肯定…": the subject is left out and is the sentence's topic.
      if (vpos == 0) return topic_;
      std::optional<Speaker> s = resolve_chinese_subject(clause.substr(0, vpos));
      if (!s) {
        // "陳秘書長致詞時表示" naming someone not introduced: the paragraph
        // has a speaker of its own, so it does not carry on another's account.
        Chars sc(clause.substr(0, vpos));
        std::string_view title;
        if (find_title(sc, 0, title) != std::string_view::npos ||
            (sc.size() > 0 && is_surname(sc.cps[0]))) {
          own_clause_ = true;
        }
      }
      return s;
    }
    // The latest clause that opens with a person ("莫健主席致詞，他首先…")
    // is the topic of a pronoun after it.
    set_topic(clause);
    if (e == sentence.size()) break;
    std::size_t len;
    decode(sentence, e, len);
    b = e + len;
  }
  return std::nullopt;
}

}  // namespace libsearch::detail::speakers
