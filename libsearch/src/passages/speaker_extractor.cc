#include "passages/speaker_extractor.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <optional>
#include <string>
#include <string_view>

namespace libsearch {
namespace {

// Everything here is a hand-written scan over UTF-8 bytes with static
// word lists: attribution runs on every passage of every release at
// indexing time, so it must not compile regular expressions or create ICU
// objects.

// --- UTF-8 and character classes --------------------------------------------

char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    len = 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + n > s.size()) {
    len = 1;
    return 0xFFFD;
  }
  char32_t cp = n == 4 ? (c & 0x07) : n == 3 ? (c & 0x0F) : (c & 0x1F);
  for (int k = 1; k < n; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  len = static_cast<std::size_t>(n);
  return cp;
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF);
}

// A string split into code points with their byte offsets, for the Chinese
// scans that look a few characters before or after a title.
struct Chars {
  std::string_view text;
  std::vector<std::size_t> offsets;  // byte offset of each code point, plus end
  std::vector<char32_t> cps;

  explicit Chars(std::string_view t) : text(t) {
    std::size_t i = 0;
    while (i < t.size()) {
      std::size_t len;
      cps.push_back(decode(t, i, len));
      offsets.push_back(i);
      i += len;
    }
    offsets.push_back(t.size());
  }
  std::size_t size() const { return cps.size(); }
  std::string_view sub(std::size_t b, std::size_t e) const {
    return text.substr(offsets[b], offsets[e] - offsets[b]);
  }
  // Index of the code point starting at byte `byte` (must be a boundary).
  std::size_t index_of(std::size_t byte) const {
    return static_cast<std::size_t>(
        std::lower_bound(offsets.begin(), offsets.end(), byte) - offsets.begin());
  }
};

bool contains_cp(std::u32string_view set, char32_t cp) {
  return set.find(cp) != std::u32string_view::npos;
}

// Common Chinese surnames, Simplified and Traditional. Characters that are
// also frequent function words (和, 于, 向, 方, 国 ...) are left out on purpose:
// a name is only recognised when it starts with one of these.
constexpr std::u32string_view kSurnames =
    U"王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林罗羅郑鄭梁谢謝宋唐许"
    U"許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔"
    U"钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺"
    U"賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔汤湯康施牛樊葛邢齐齊乔喬伍庞龐颜顏倪庄"
    U"莊聂聶章鲁魯岳翟殷詹欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢"
    U"季裴霍涂苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒艾尤穆卓吉"
    U"缪繆简簡项項连連麦麥褚娄婁窦竇戚岑景宫宮费費卜冷晏卫衛米柏宗瞿桂佟臧闵閔苟邬"
    U"鄔卞姬仇栾欒隋刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏佘池麻苑迟遲邝鄺鞠荆荊冀郁胥"
    U"班储儲栗燕楚鄢谌諶奚皮粟冼蔺藺楼樓阚闞屠朴廉禹祖漆卿狄晋晉芮扈晁阙闕浦伏鹿"
    U"邸雍辜裘亓邰赫杭宿逯茹诸諸慕嵇亢湛宾賓戎茅揭尉檀昝衡习習洪邱侯赖賴游";

// Characters that end a Chinese name when they follow it: verbs and
// particles that typically come right after a name in reporting clauses.
constexpr std::u32string_view kAfterNameStops =
    U"主就表说說在指介强強答宣发發对對出会會今于於和与與及等也则則再还還又并並均"
    U"都将將已曾的了是向率称稱认認提透致以进進接先首随隨特同昨今日上下午前后後分"
    U"更亦即便代为為坦谈談回呼期感欢歡邀应應訪访參参會见見致告相希勉恭抵";

bool is_surname(char32_t cp) { return contains_cp(kSurnames, cp); }
bool is_name_char(char32_t cp) {
  return is_han(cp) && !contains_cp(kAfterNameStops, cp);
}

// Titles that the Chinese corpus glues to names, longest first.
constexpr std::array<std::string_view, 58> kChineseTitles = {
    "外交部发言人", "外交部發言人", "總統府發言人", "总统府发言人", "總統府秘書長",
    "國家安全會議秘書長", "国务院总理", "國務院總理", "国家主席",   "國家主席",
    "副秘書長",     "副秘书长",     "副總統",       "副总统",       "副主席",
    "副局长",       "副局長",       "副部长",       "副部長",       "副主任",
    "副市长",       "副市長",       "副院長",       "副院长",       "發言人",
    "发言人",       "秘書長",       "秘书长",       "總統",         "总统",
    "局长",         "局長",         "部长",         "部長",         "次長",
    "院長",         "院长",         "市长",         "市長",         "主席",
    "總理",         "总理",         "外长",         "外長",         "大使",
    "召集人",       "執行長",       "执行长",       "董事長",       "董事长",
    "理事長",       "理事长",       "會長",         "会长",         "主委",
    "司长",         "司長",         "主任"};

// Adverbs and time phrases that sit between a subject and its speech verb
// ("總統進一步表示", "副總統致詞時表示"); stripped from the end of a subject.
constexpr std::array<std::string_view, 40> kChineseSubjectTails = {
    "進一步", "进一步", "接著",   "接着",   "再次",   "特別",   "特别",
    "隨後",   "随后",   "同時",   "同时",   "致詞時", "致辞时", "致詞",
    "致辞",   "最後",   "最后",   "以英文", "舉例",   "举例",   "首先",
    "也",     "還",     "还",     "則",     "则",     "並",     "并",
    "亦",     "更",     "在",     "今天",   "今日",   "稍早",   "會中",
    "会上",   "會上",   "時",     "时",     "又"};

constexpr std::array<std::string_view, 44> kChineseVerbs = {
    "告訴", "告诉", "相信", "希望", "勉勵", "勉励", "恭喜", "感謝", "期许", "舉例",
    "表示", "指出", "介绍", "介紹", "强调", "強調", "提到", "认为", "認為",
    "宣布", "透露", "坦言", "谈到", "談到", "补充", "補充", "回应", "回應",
    "重申", "呼吁", "呼籲", "期盼", "期勉", "期許", "提醒", "分享", "说道",
    "說道", "说",   "說",   "称",   "稱",   "提及", "感谢"};

constexpr std::array<std::string_view, 31> kEnglishVerbs = {
    "said",       "says",       "added",     "adds",      "noted",
    "notes",      "stated",     "states",    "explained", "explains",
    "stressed",   "stresses",   "announced", "announces", "told",
    "continued",  "emphasized", "emphasised", "remarked", "commented",
    "observed",   "declared",   "concluded", "urged",     "warned",
    "highlighted", "insisted",  "acknowledged", "replied", "responded",
    "pointed out"};

// Capitalised words that are titles or parts of titles in English reporting
// clauses ("Acting Brooklyn District Attorney Eric Gonzalez").
constexpr std::array<std::string_view, 64> kEnglishTitleWords = {
    "Attorney",     "District",      "Acting",      "Commissioner", "Deputy",
    "Chief",        "Mayor",         "Governor",    "Senator",      "Assemblyman",
    "Assemblywoman", "Assemblymember", "Councilman", "Councilwoman", "Councilmember",
    "Council",      "Inspector",     "General",     "Special",      "Agent",
    "President",    "Vice",          "Premier",     "Minister",     "Spokesperson",
    "Spokesman",    "Spokeswoman",   "Director",    "Secretary",    "Judge",
    "Justice",      "Sheriff",       "Captain",     "Lieutenant",   "Sergeant",
    "Detective",    "Officer",       "Executive",   "Chairman",     "Chairwoman",
    "Chair",        "Superintendent", "Prosecutor", "Assistant",    "Senior",
    "Counsel",      "Comptroller",   "Ambassador",  "Chancellor",   "Borough",
    "Leader",       "Member",        "Representative", "Congressman", "Congresswoman",
    "Dr.",          "Mr.",           "Ms.",         "Mrs.",         "Rev.",
    "Reverend",     "Bishop",        "Pastor",      "Professor"};

// Capitalised words that are never part of a person's name in a subject.
constexpr std::array<std::string_view, 62> kEnglishNonNames = {
    "The",    "This",   "That",   "These",    "Those",     "It",       "Its",
    "He",     "She",    "They",   "We",       "Our",       "His",      "Her",
    "Their",  "A",      "An",     "In",       "On",        "At",       "As",
    "For",    "By",     "From",   "With",     "And",       "But",      "Also",
    "Then",   "Police", "Court",  "Department", "Office",  "Bureau",   "City",
    "County", "State",  "New",    "York",     "Brooklyn",  "Kings",    "United",
    "States", "China",  "Chinese", "Beijing", "Ministry",  "Foreign",  "Government",
    "Center", "Centre", "Plan",   "Supreme",  "Defendant", "Defendants", "NYPD",
    "Prosecutors", "Authorities", "Officials", "Investigators", "According", "When"};

template <std::size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  for (;;) {
    while (!s.empty() && is_space_byte(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space_byte(s.back())) s.remove_suffix(1);
    // Ideographic space U+3000.
    if (starts_with(s, "\u3000")) {
      s.remove_prefix(3);
      continue;
    }
    if (ends_with(s, "\u3000")) {
      s.remove_suffix(3);
      continue;
    }
    return s;
  }
}

// Trims spaces and the punctuation that borders a clause.
std::string_view trim_punct(std::string_view s) {
  for (;;) {
    s = trim(s);
    bool changed = false;
    for (std::string_view p : {",", ";", ":", "\"", "'", "“", "”", "‘", "’", "—", "，", "、", "(", ")"}) {
      if (starts_with(s, p)) {
        s.remove_prefix(p.size());
        changed = true;
      }
      if (ends_with(s, p)) {
        s.remove_suffix(p.size());
        changed = true;
      }
    }
    if (!changed) return s;
  }
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }

bool first_is_han(std::string_view s) {
  s = trim_punct(s);
  if (s.empty()) return false;
  std::size_t len;
  return is_han(decode(s, 0, len));
}

bool starts_with_quote(std::string_view s) {
  s = trim(s);
  return starts_with(s, "\"") || starts_with(s, "“") || starts_with(s, "「") ||
         starts_with(s, "‘") || starts_with(s, "『");
}

bool has_quote(std::string_view s) {
  return s.find('"') != std::string_view::npos ||
         s.find("“") != std::string_view::npos ||
         s.find("」") != std::string_view::npos ||
         s.find("「") != std::string_view::npos;
}

// Splits on single spaces, dropping empty words.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

bool is_title_word(std::string_view w) { return in_list(kEnglishTitleWords, w); }

// "Eric", "O'Neill", "Ho-Yeon", "P." (an initial), "McKenzie".
bool is_name_word(std::string_view w) {
  if (w.empty() || !is_upper(w[0])) return false;
  if (w == "Jr." || w == "Sr." || w == "II" || w == "III" || w == "IV") return true;
  if (in_list(kEnglishNonNames, w) || is_title_word(w)) return false;
  if (w.size() == 2 && w[1] == '.') return true;
  if (w.size() < 2) return false;
  bool has_lower = false;
  for (char c : w) {
    if (is_lower(c)) has_lower = true;
    if (!(is_alpha(c) || c == '-' || c == '\'' || c == '.')) {
      // Allow non-ASCII letters ("Moïse").
      if (static_cast<unsigned char>(c) < 0x80) return false;
    }
  }
  return has_lower;
}

// --- the people a release introduces ----------------------------------------

struct Person {
  std::string name;
  std::string role;
  bool chinese = false;
};

// Last word of an English name, or the first character of a Chinese one.
std::string_view surname_of(const Person& p) {
  if (p.chinese) {
    std::size_t len;
    decode(p.name, 0, len);
    return std::string_view(p.name).substr(0, len);
  }
  std::size_t sp = p.name.rfind(' ');
  return sp == std::string::npos ? std::string_view(p.name)
                                 : std::string_view(p.name).substr(sp + 1);
}

// A role that names `title` as a whole word: "Acting District Attorney"
// has "District Attorney"; "副總統" does not have "總統".
bool role_has_title(std::string_view role, std::string_view title) {
  if (title.empty() || !ends_with(role, title)) return false;
  std::string_view before = role.substr(0, role.size() - title.size());
  if (ends_with(before, "副")) return false;
  if (!before.empty() && static_cast<unsigned char>(before.back()) < 0x80 &&
      before.back() != ' ') {
    return false;
  }
  return true;
}

enum class Turn { kOpening, kQuestion, kAnswer };

class ReleaseAttributor {
 public:
  explicit ReleaseAttributor(const Release& r) : release_(r) {
    detect_transcript();
    register_people(r.title);
  }

  std::optional<Speaker> paragraph(std::size_t index) {
    const Paragraph& para = release_.body[index];
    if (para.kind == Paragraph::Kind::kHeading) {
      last_.reset();
      previous_.reset();
      return std::nullopt;
    }
    std::optional<Speaker> s = judge(para.text, static_cast<int>(index));
    previous_ = s;
    previous_quoted_ = has_quote(para.text);
    return s;
  }

  std::optional<Speaker> loose_text(std::string_view text) {
    return judge(text, -1);
  }

 private:
  std::optional<Speaker> judge(std::string_view text, int index) {
    text = trim(text);
    if (is_reporter_credit(text)) return std::nullopt;
    if (transcript_) return transcript(text);
    register_people(text);
    own_clause_ = false;
    std::optional<Speaker> s = first_is_han(text) ? chinese(text) : english(text);
    if (s && !release_.reporter.empty() && s->name == release_.reporter) {
      s.reset();
    }
    if (s) {
      if (!s->name.empty()) {
        last_ = s;
        last_index_ = index;
      }
      return s;
    }
    // Continuations, unless the paragraph has a reporting clause of its own
    // whose subject could not be resolved ("Pastor ... of ... said").
    if (own_clause_) return std::nullopt;
    if (previous_ && starts_with_quote(text) && previous_quoted_) return previous_;
    if (previous_ && !first_is_han(text) && first_person(text)) return previous_;
    return std::nullopt;
  }

  static bool is_reporter_credit(std::string_view t) {
    return starts_with(t, "(Reporter") || starts_with(t, "（Reporter") ||
           starts_with(t, "（记者") || starts_with(t, "(记者") ||
           starts_with(t, "（記者") || starts_with(t, "(記者") ||
           starts_with(t, "Reporter:");
  }

  // "We will ...", "... our efforts": a speaker's own words carried on in the
  // next paragraph without a new reporting clause (seed release, "Secondly,
  // ... we will roll out ...").
  static bool first_person(std::string_view t) {
    for (std::string_view w : words(t)) {
      std::string_view b = trim_punct(w);
      if (b == "we" || b == "We" || b == "our" || b == "Our" || b == "us" ||
          b == "I") {
        return true;
      }
    }
    return false;
  }

  // --- transcripts ----------------------------------------------------------

  void detect_transcript() {
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
  bool marker(std::string_view t, Turn& turn, std::string& marker_name) const {
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

  std::optional<Speaker> transcript(std::string_view t) {
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
    if (answerer_) return answerer_;
    return host_;
  }

  // --- Chinese --------------------------------------------------------------

  // Length in code points of a Chinese name starting at c[i]: 3 if the third
  // character can belong to a name, else 2; 0 if c[i] is not a surname.
  static std::size_t name_after(const Chars& c, std::size_t i) {
    if (i + 1 >= c.size() || !is_surname(c.cps[i]) || !is_name_char(c.cps[i + 1])) {
      return 0;
    }
    if (i + 2 < c.size() && is_name_char(c.cps[i + 2])) return 3;
    return 2;
  }

  // Start index of a Chinese name ending just before c[end]: 3 or 2
  // characters, starting with a surname; npos if none.
  static std::size_t name_before(const Chars& c, std::size_t end) {
    if (end >= 3 && is_surname(c.cps[end - 3]) && is_name_char(c.cps[end - 2]) &&
        is_name_char(c.cps[end - 1])) {
      return end - 3;
    }
    if (end >= 2 && is_surname(c.cps[end - 2]) && is_name_char(c.cps[end - 1])) {
      return end - 2;
    }
    return std::string_view::npos;
  }

  // Finds the leftmost, longest title at or after code point `from`. Returns
  // the index and sets the title; npos if none.
  static std::size_t find_title(const Chars& c, std::size_t from, std::string_view& title) {
    // The first characters of the titles: most positions start none.
    static const std::bitset<0x10000> initials = [] {
      std::bitset<0x10000> b;
      for (std::string_view t : kChineseTitles) {
        std::size_t len;
        const char32_t first = decode(t, 0, len);
        if (first < 0x10000) b.set(first);
      }
      return b;
    }();
    for (std::size_t i = from; i < c.size(); ++i) {
      if (c.cps[i] < 0x10000 && !initials.test(c.cps[i])) continue;
      std::string_view rest = c.text.substr(c.offsets[i]);
      for (std::string_view t : kChineseTitles) {
        if (!starts_with(rest, t)) continue;
        // 總統府 is the office, not the President.
        std::string_view after = rest.substr(t.size());
        if ((t == "總統" || t == "总统") && (starts_with(after, "府") || starts_with(after, "夫人"))) {
          continue;
        }
        title = t;
        return i;
      }
    }
    return std::string_view::npos;
  }

  void add_person(std::string_view name, std::string_view role, bool chinese) {
    for (Person& p : people_) {
      if (p.name == name) {
        if (p.role.empty()) p.role = std::string(role);
        return;
      }
    }
    people_.push_back(Person{std::string(name), std::string(role), chinese});
  }

  // Registers "蔡英文總統", "外交部发言人耿爽", "Commissioner Margaret
  // Garnett" anywhere in `text`, so later title-only references resolve.
  void register_people(std::string_view text) {
    if (first_is_han(text) || text.find("\xE3") != std::string_view::npos ||
        text.find("\xE4") != std::string_view::npos || text.find("\xE5") != std::string_view::npos ||
        text.find("\xE6") != std::string_view::npos || text.find("\xE7") != std::string_view::npos ||
        text.find("\xE8") != std::string_view::npos || text.find("\xE9") != std::string_view::npos) {
      register_chinese(text);
    }
    register_english(text);
  }

  void register_chinese(std::string_view text) {
    Chars c(text);
    std::string_view title;
    std::size_t i = 0;
    while ((i = find_title(c, i, title)) != std::string_view::npos) {
      std::size_t tlen = Chars(title).size();
      std::size_t nb = name_before(c, i);
      if (nb != std::string_view::npos) {
        add_person(c.sub(nb, i), title, true);
      } else {
        std::size_t na = name_after(c, i + tlen);
        if (na > 0) add_person(c.sub(i + tlen, i + tlen + na), title, true);
      }
      i += tlen;
    }
  }

  void register_english(std::string_view text) {
    std::vector<std::string_view> run;
    auto flush = [&]() {
      // The title words nearest the name form the role; the name is the
      // name words after the last title word.
      std::size_t last_title = std::string_view::npos;
      for (std::size_t k = 0; k < run.size(); ++k) {
        if (is_title_word(run[k])) last_title = k;
      }
      if (last_title != std::string_view::npos) {
        std::size_t n = run.size() - last_title - 1;
        bool ok = n >= 2 && n <= 4;
        for (std::size_t k = last_title + 1; ok && k < run.size(); ++k) {
          ok = is_name_word(run[k]);
        }
        if (ok) {
          std::size_t rb = last_title;
          while (rb > 0 && is_title_word(run[rb - 1])) --rb;
          std::string role, name;
          for (std::size_t k = rb; k <= last_title; ++k) {
            if (!role.empty()) role += ' ';
            role += run[k];
          }
          for (std::size_t k = last_title + 1; k < run.size(); ++k) {
            if (!name.empty()) name += ' ';
            name += run[k];
          }
          add_person(name, role, false);
        }
      }
      run.clear();
    };
    for (std::string_view w : words(text)) {
      std::string_view core = w;
      bool opens = false, closes = false;
      while (!core.empty() && (core.front() == '(' || core.front() == '"')) {
        core.remove_prefix(1);
        opens = true;
      }
      while (!core.empty() && (core.back() == ',' || core.back() == ';' ||
                               core.back() == ':' || core.back() == ')' ||
                               core.back() == '"' ||
                               (core.back() == '.' && core.size() > 3))) {
        core.remove_suffix(1);
        closes = true;
      }
      if (ends_with(core, "’s") || ends_with(core, "'s")) {
        core.remove_suffix(ends_with(core, "’s") ? 4 : 2);
        closes = true;
      }
      if (opens) flush();
      if (!core.empty() && is_upper(core[0])) {
        run.push_back(core);
      } else {
        flush();
      }
      if (closes) flush();
    }
    flush();
  }

  // Strips adverbs between the subject and the verb ("總統進一步" -> "總統").
  static std::string_view strip_chinese_tail(std::string_view s) {
    bool changed = true;
    while (changed) {
      changed = false;
      for (std::string_view t : kChineseSubjectTails) {
        if (s.size() > t.size() && ends_with(s, t)) {
          s.remove_suffix(t.size());
          changed = true;
        }
      }
    }
    return s;
  }

  const Person* find_by_role(std::string_view title) const {
    for (const Person& p : people_) {
      if (role_has_title(p.role, title)) return &p;
    }
    return nullptr;
  }

  const Person* find_by_surname(std::string_view surname, std::string_view title) const {
    const Person* hit = nullptr;
    for (const Person& p : people_) {
      if (surname_of(p) != surname) continue;
      if (!title.empty() && !p.role.empty() && !role_has_title(p.role, title)) continue;
      if (hit && hit->name != p.name) return nullptr;  // ambiguous
      hit = &p;
    }
    return hit;
  }

  const Person* find_by_name(std::string_view name) const {
    for (const Person& p : people_) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }

  std::optional<Speaker> pronoun(int index) const {
    if (!last_) return std::nullopt;
    // A pronoun refers back only a short way: further back, "he" is as
    // likely a defendant or a visitor as the last speaker.
    if (index >= 0 && last_index_ >= 0 && index - last_index_ > 3) return std::nullopt;
    return last_;
  }

  std::optional<Speaker> resolve_chinese_subject(std::string_view subject) {
    std::string_view s = strip_chinese_tail(trim_punct(subject));
    if (s.empty()) return std::nullopt;
    Chars c(s);
    if (c.size() > 30) return std::nullopt;
    if ((c.cps[0] == U'他' || c.cps[0] == U'她') &&
        !(c.size() > 1 && (c.cps[1] == U'们' || c.cps[1] == U'們'))) {
      // "總統抵達…時受到歡迎，她在致詞時表示": the sentence's own topic.
      if (topic_ && c.size() <= 12) return topic_;
      return c.size() <= 4 ? pronoun(current_index_) : std::nullopt;
    }
    std::string_view title;
    std::size_t tp = find_title(c, 0, title);
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
        return std::nullopt;
      }
      std::string_view before = c.sub(0, tp);
      Chars b(before);
      if ((b.size() == 2 || b.size() == 3) && is_surname(b.cps[0]) &&
          is_name_char(b.cps[1]) && is_name_char(b.cps.back())) {
        add_person(before, title, true);
        return Speaker{std::string(before), std::string(title)};
      }
      if (b.size() == 1 && is_surname(b.cps[0])) {
        if (const Person* p = find_by_surname(before, title)) {
          return Speaker{p->name, std::string(title)};
        }
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
  void set_topic(std::string_view clause) {
    if (clause.find("今（") != std::string_view::npos ||
        clause.find("今(") != std::string_view::npos ||
        clause.find("今日") != std::string_view::npos) {
      return;
    }
    Chars c(clause);
    std::string_view title;
    if (find_title(c, 0, title) == 0) {
      if (const Person* p = find_by_role(title)) topic_ = Speaker{p->name, std::string(title)};
    }
  }

  std::optional<Speaker> chinese(std::string_view text) {
    // The first sentence, clause by clause: "最後，副總統說，…" has its
    // reporting clause second.
    std::size_t end = text.find("。");
    std::string_view sentence = text.substr(0, end);
    topic_.reset();
    std::size_t b = 0;
    bool first_clause = true;
    while (b < sentence.size()) {
      std::size_t e = sentence.size();
      for (std::string_view sep : {"，", "；", "：", "！", "？", "「", "“", ","}) {
        std::size_t p = sentence.find(sep, b);
        if (p != std::string_view::npos && p < e) e = p;
      }
      std::string_view clause = sentence.substr(b, e - b);
      std::size_t vpos = std::string_view::npos;
      for (std::string_view v : kChineseVerbs) {
        std::size_t p = clause.find(v);
        if (p != std::string_view::npos && p < vpos) vpos = p;
      }
      if (vpos != std::string_view::npos) {
        if (vpos == 0) return std::nullopt;
        return resolve_chinese_subject(clause.substr(0, vpos));
      }
      if (first_clause) set_topic(clause);
      first_clause = false;
      if (e == sentence.size()) break;
      std::size_t len;
      decode(sentence, e, len);
      b = e + len;
    }
    return std::nullopt;
  }

  // --- English --------------------------------------------------------------

  static bool is_abbreviation_before(std::string_view text, std::size_t dot) {
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
  static std::size_t sentence_start(std::string_view text, std::size_t pos,
                                    bool quotes_end_sentences = true) {
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

  static std::size_t count_sentences_before(std::string_view text, std::size_t pos) {
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

  std::optional<Speaker> resolve_english_subject(std::string_view subject, bool inverted) {
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
    for (std::string_view prep : {" of ", " from ", " at "}) {
      std::size_t p = seg0.find(prep);
      if (p != std::string_view::npos) {
        if (rest.empty()) rest = trim(seg0.substr(p + 1));
        seg0 = trim(seg0.substr(0, p));
      }
    }
    std::vector<std::string_view> ws = words(seg0);
    if (ws.empty() || ws.size() > 8) return std::nullopt;
    if (ws[0] == "The" || ws[0] == "the") ws.erase(ws.begin());
    if (ws.empty()) return std::nullopt;
    for (std::string_view& w : ws) {
      if (ends_with(w, "’s") || ends_with(w, "'s")) return std::nullopt;
      if (!is_upper(w[0])) return std::nullopt;
    }
    std::size_t last_title = std::string_view::npos;
    for (std::size_t k = 0; k < ws.size(); ++k) {
      if (is_title_word(ws[k])) last_title = k;
    }
    std::size_t nb = last_title == std::string_view::npos ? 0 : last_title + 1;
    for (std::size_t k = nb; k < ws.size(); ++k) {
      if (!is_name_word(ws[k])) return std::nullopt;
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
      return std::nullopt;
    }
    if (n == 0 && !title.empty()) {
      if (const Person* p = find_by_role(title)) return Speaker{p->name, title};
    }
    return std::nullopt;
  }

  std::optional<Speaker> english(std::string_view text) {
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

  const Release& release_;
  std::vector<Person> people_;
  std::optional<Speaker> last_;      // last named speaker in this section
  int last_index_ = -1;
  std::optional<Speaker> previous_;  // speaker of the previous text paragraph
  bool previous_quoted_ = false;
  int current_index_ = -1;
  bool pronoun_ok_ = true;   // an English pronoun subject may refer back
  bool own_clause_ = false;  // the paragraph has an unresolved reporting clause
  std::optional<Speaker> topic_;  // person the current Chinese sentence is about
  bool transcript_ = false;
  std::optional<Speaker> host_;
  std::optional<Speaker> answerer_;
  Turn turn_ = Turn::kOpening;

 public:
  void set_index(int i) { current_index_ = i; }
};

}  // namespace

void SpeakerExtractor::attribute(const Release& release,
                                 std::vector<Passage>& passages) const {
  ReleaseAttributor a(release);
  std::vector<std::optional<Speaker>> by_paragraph(release.body.size());
  for (std::size_t i = 0; i < release.body.size(); ++i) {
    a.set_index(static_cast<int>(i));
    by_paragraph[i] = a.paragraph(i);
  }
  for (Passage& p : passages) {
    if (p.paragraph >= 0 && static_cast<std::size_t>(p.paragraph) < by_paragraph.size()) {
      p.speaker = by_paragraph[static_cast<std::size_t>(p.paragraph)];
    } else {
      a.set_index(-1);
      p.speaker = a.loose_text(p.text);
    }
  }
}

}  // namespace libsearch
