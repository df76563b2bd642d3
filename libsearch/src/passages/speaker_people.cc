#include "passages/speaker_attributor.h"

#include <bitset>

#include "passages/speaker_titles.h"

namespace libsearch::detail::speakers {
namespace {

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

// Capitalised words that are never part of a person's name in a subject.
constexpr std::array<std::string_view, 89> kEnglishNonNames = {
    "The",    "This",   "That",   "These",    "Those",     "It",       "Its",
    "He",     "She",    "They",   "We",       "Our",       "His",      "Her",
    "Their",  "A",      "An",     "In",       "On",        "At",       "As",
    "For",    "By",     "From",   "With",     "And",       "But",      "Also",
    "Then",   "Police", "Court",  "Department", "Office",  "Bureau",   "City",
    "County", "State",  "New",    "York",     "Brooklyn",  "Kings",    "United",
    "States", "China",  "Chinese", "Beijing", "Ministry",  "Foreign",  "Government",
    "Center", "Centre", "Plan",   "Supreme",  "Defendant", "Defendants", "NYPD",
    "Prosecutors", "Authorities", "Officials", "Investigators", "According", "When",
    // Headline and institution words read as names in the corpus
    // ("Eric Gonzalez Announces", "Members Stephen Levin", "Coney Island").
    "Announces", "Announce", "Members", "Project", "Shuts", "Down", "Hospital", "Island",
    "Institute", "Founder", "Administration", "Security", "Social", "Directors",
    "Co-Executive", "Coney", "Brookdale", "Maimonides", "Creation", "Initiative", "Services",
    "Unit", "Division", "Agency", "Commission", "Association", "Foundation"};

}  // namespace

// Two characters that open a verb or phrase, not a name, though their
// first is a surname: "祝賀馬…" (congratulates Ma), "關心苗…", "曾經".
constexpr std::array<std::string_view, 24> kNotNameStarts = {
    "祝賀", "祝贺", "祝願", "祝愿", "祝福", "關心", "关心", "曾經", "曾经", "有關", "有关",
    "任命", "聽取", "听取", "衛福", "卫福", "馬紹", "马绍", "江總", "江总", "包括", "向來",
    "向来", "高度"};

bool plausible_name(std::string_view name) {
  if (name.empty()) return false;
  if (!has_han(name)) return true;
  Chars c(name);
  if (c.size() < 2 || c.size() > 5) return false;
  for (std::string_view w : kNotNameStarts) {
    if (starts_with(name, w)) return false;
  }
  // "張女士", "李副", "陳院士": a surname with a form of address or part of
  // a title is not a name.
  for (std::string_view w : detail::kChineseCourtesy) {
    if (ends_with(name, w)) return false;
  }
  for (std::string_view w : detail::kChineseTitles) {
    if (ends_with(name, w)) return false;
  }
  for (std::string_view end : {"副", "總", "总", "院士", "政委"}) {
    if (ends_with(name, end)) return false;
  }
  return true;
}

bool is_surname(char32_t cp) { return contains_cp(kSurnames, cp); }
bool is_name_char(char32_t cp) {
  return is_han(cp) && !contains_cp(kAfterNameStops, cp);
}

bool is_title_word(std::string_view w) { return in_list(kEnglishTitleWords, w); }

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

// Length in code points of a Chinese name starting at c[i]: 3 if the third
// character can belong to a name, else 2; 0 if c[i] is not a surname.
std::size_t ReleaseAttributor::name_after(const Chars& c, std::size_t i) {
  if (i + 1 >= c.size() || !is_surname(c.cps[i]) || !is_name_char(c.cps[i + 1])) {
    return 0;
  }
  if (i + 2 < c.size() && is_name_char(c.cps[i + 2])) return 3;
  return 2;
}

// Start index of a Chinese name ending just before c[end]: 3 or 2
// characters, starting with a surname; npos if none.
std::size_t ReleaseAttributor::name_before(const Chars& c, std::size_t end) {
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
std::size_t ReleaseAttributor::find_title(const Chars& c, std::size_t from, std::string_view& title) {
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
    std::string_view best;
    for (std::string_view t : kChineseTitles) {
      if (t.size() <= best.size() || !starts_with(rest, t)) continue;
      // 總統府 is the office, not the President.
      std::string_view after = rest.substr(t.size());
      if ((t == "總統" || t == "总统") && (starts_with(after, "府") || starts_with(after, "夫人"))) {
        continue;
      }
      best = t;
    }
    if (!best.empty()) {
      title = best;
      return i;
    }
  }
  return std::string_view::npos;
}

void ReleaseAttributor::add_person(std::string_view name, std::string_view role, bool chinese) {
  for (Person& p : people_) {
    if (p.name == name) {
      if (p.role.empty()) p.role = std::string(role);
      return;
    }
    // "秘書長陳菊豐富的…" read three characters where "秘書長陳菊將…" read
    // two: one person, by the shorter name.
    if (chinese && p.chinese) {
      if (starts_with(name, p.name)) return;
      if (starts_with(p.name, name)) {
        p.name = std::string(name);
        return;
      }
    }
  }
  people_.push_back(Person{std::string(name), std::string(role), chinese});
}

// Registers "蔡英文總統", "外交部发言人耿爽", "Commissioner Margaret
// Garnett" anywhere in `text`, so later title-only references resolve.
void ReleaseAttributor::register_people(std::string_view text) {
  if (first_is_han(text) || text.find("\xE3") != std::string_view::npos ||
      text.find("\xE4") != std::string_view::npos || text.find("\xE5") != std::string_view::npos ||
      text.find("\xE6") != std::string_view::npos || text.find("\xE7") != std::string_view::npos ||
      text.find("\xE8") != std::string_view::npos || text.find("\xE9") != std::string_view::npos) {
    register_chinese(text);
  }
  register_english(text);
}

void ReleaseAttributor::register_chinese(std::string_view text) {
  Chars c(text);
  std::string_view title;
  std::size_t i = 0;
  while ((i = find_title(c, i, title)) != std::string_view::npos) {
    std::size_t tlen = Chars(title).size();
    std::size_t nb = name_before(c, i);
    // "瓜地馬拉總統", "莫拉雷斯總統": the end of a longer word, not a name.
    const bool inside_word = nb != std::string_view::npos && nb > 0 && is_name_char(c.cps[nb - 1]);
    if (nb != std::string_view::npos && !inside_word) {
      add_person(c.sub(nb, i), title, true);
    } else if (nb == std::string_view::npos) {
      std::size_t na = name_after(c, i + tlen);
      if (na > 0) add_person(c.sub(i + tlen, i + tlen + na), title, true);
    }
    i += tlen;
  }
}

void ReleaseAttributor::register_english(std::string_view text) {
  std::vector<std::string_view> run;
  auto flush = [&]() {
    // The title words nearest the name form the role; the name is the
    // name words after the last title word.
    std::size_t last_title = std::string_view::npos;
    for (std::size_t k = 0; k < run.size(); ++k) {
      if (is_title_word(run[k])) last_title = k;
    }
    if (last_title != std::string_view::npos) {
      // A headline is in title case ("Brooklyn District Attorney Eric
      // Gonzalez Announces Creation of …"): its name is two words, or three
      // with a middle initial.
      if (headline_) {
        std::size_t keep = last_title + 3;
        if (keep < run.size() && run[last_title + 2].size() == 2 && run[last_title + 2][1] == '.') ++keep;
        if (run.size() > keep) run.resize(keep);
      }
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

const Person* ReleaseAttributor::find_by_role(std::string_view title) const {
  for (const Person& p : people_) {
    if (role_has_title(p.role, title)) return &p;
  }
  // "The Acting District Attorney" after "Acting Brooklyn District Attorney
  // Eric Gonzalez".
  if (starts_with(title, "Acting ")) {
    std::string_view office = title.substr(7);
    for (const Person& p : people_) {
      if (role_has_title(p.role, office)) return &p;
    }
  }
  return nullptr;
}

const Person* ReleaseAttributor::find_by_surname(std::string_view surname, std::string_view title) const {
  // Someone introduced under that title first ("陳秘書長" is the 秘書長
  // 陳菊, not the 副總統 陳建仁); else someone introduced without a title.
  for (bool titled : {true, false}) {
    const Person* hit = nullptr;
    for (const Person& p : people_) {
      if (surname_of(p) != surname) continue;
      if (titled) {
        if (!title.empty() && !role_has_title(p.role, title)) continue;
      } else if (!p.role.empty()) {
        continue;
      }
      if (hit && hit->name != p.name) return nullptr;  // ambiguous
      hit = &p;
    }
    if (hit) return hit;
    if (title.empty()) break;
  }
  return nullptr;
}

const Person* ReleaseAttributor::find_by_name(std::string_view name) const {
  for (const Person& p : people_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string ReleaseAttributor::office_holder(std::string_view office) const {
  // "Acting District Attorney" is the District Attorney's office.
  if (starts_with(office, "Acting ")) office.remove_prefix(7);
  if (starts_with(office, "The ")) office.remove_prefix(4);
  if (office == "DA" || ends_with(office, " DA")) office = "District Attorney";
  // "Brooklyn District Attorney": the place is the source's.
  if (ends_with(office, " District Attorney")) office = "District Attorney";
  std::string name = detail::office_holder(office, release_.source, release_.date);
  // The table is written in Traditional Chinese for the Taiwan offices; a
  // Simplified title asks for the same office.
  if (name.empty() && office == "总统") name = detail::office_holder("總統", release_.source, release_.date);
  if (name.empty() && office == "副总统") name = detail::office_holder("副總統", release_.source, release_.date);
  return name;
}

}  // namespace libsearch::detail::speakers
