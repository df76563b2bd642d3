// The titles and courtesy words that the corpus writes around people's
// names, in one place for speaker attribution (which reads them to find the
// name and its role) and speaker identity (which strips them to make a key),
// so that the two agree on what is a title.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_TITLES_H_
#define LIBSEARCH_PASSAGES_SPEAKER_TITLES_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace libsearch::detail {

// Chinese titles glued to names ("外交部发言人耿爽", "蔡英文總統",
// "副局长刘梅英"), Simplified and Traditional. Attribution takes the
// longest title that matches at a position ("副總統" over "總統").
inline constexpr std::array<std::string_view, 82> kChineseTitles = {
    "主任委員",     "主任委员",     "參議員",       "参议员",       "眾議員",
    "众议员",       "外交部发言人", "外交部發言人", "總統府發言人", "总统府发言人", "總統府秘書長",
    "國家安全會議秘書長", "外交部长",   "外交部長", "国务院总理", "國務院總理", "国家主席",   "國家主席",
    "副秘書長",     "副秘书长",     "副總統",       "副总统",       "副主席",
    "副局长",       "副局長",       "副部长",       "副部長",       "副主任",
    "副市长",       "副市長",       "副院長",       "副院长",       "發言人",
    "发言人",       "秘書長",       "秘书长",       "總統",         "总统",
    "局长",         "局長",         "部长",         "部長",         "次長",
    "院長",         "院长",         "市长",         "市長",         "主席",
    "總理",         "总理",         "外长",         "外長",         "大使",
    "召集人",       "執行長",       "执行长",       "董事長",       "董事长",
    "理事長",       "理事长",       "會長",         "会长",         "主委",
    "司长",         "司長",         "主任",         "處長",         "处长",
    "博士",         "議員",         "议员",         "州長",         "州长",
    "署長",         "署长",         "總裁",         "总裁",
    "副助卿",       "助卿",         "次卿",         "國務卿",       "国务卿"};

// Chinese forms of address that follow a surname or name ("張女士",
// "王先生"): never a name by themselves.
inline constexpr std::array<std::string_view, 8> kChineseCourtesy = {
    "先生", "女士", "小姐", "夫人", "同志", "阁下", "閣下", "太太"};

// Capitalised English words that are titles or parts of titles
// ("Acting Brooklyn District Attorney Eric Gonzalez"), as written.
inline constexpr std::array<std::string_view, 85> kEnglishTitleWords = {
    "Speaker",      "Public",        "Advocate",    "DA",           "CEO",
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
    "Reverend",     "Bishop",        "Pastor",      "Professor",
    "Agent-in-Charge", "Inspector-in-Charge", "Charge", "Hon.", "Administrator", "Regional",
    "Marshal", "Fire",
    "Rep.", "Sen.", "Gov.", "Lt.", "Sgt.", "Det.", "Capt.", "Insp."};

// Words that the corpus writes before English names as part of a role but
// that are not titles on their own ("Foreign Ministry Spokesperson",
// "Brooklyn District Attorney", "Public Advocate"): identity strips them
// with the titles. Lowercase.
inline constexpr std::array<std::string_view, 14> kEnglishRoleContext = {
    "the", "foreign", "ministry", "brooklyn", "kings", "county", "harris", "miss",
    "prof", "sir", "madam", "spokespersons", "public", "advocate"};

// Whether `word` ("Mayor", "mr.", "DISTRICT") is a title or role word, in
// any letter case, with or without a final full stop.
bool is_english_role_word(std::string_view word);

// One row of the role-holder table (data/speakers/role_holders.tsv,
// described in corpus/FORMAT.md): `name` held `office` for releases whose
// source contains `source`, from `from` to `to` (YYYY-MM-DD, inclusive;
// `to` empty while in office).
struct RoleHolder {
  std::string office, source, name, from, to;
};

// Parses the table: tab-separated office, source, name, from, to; lines
// that are empty or start with '#' are skipped. Appends one message per bad
// line ("line 7: expected 5 tab-separated fields, found 4") to `errors` and
// skips that line.
std::vector<RoleHolder> parse_role_holders(std::string_view text,
                                           std::vector<std::string>& errors);

// The built-in table (parsed once; thread-safe).
const std::vector<RoleHolder>& role_holders();

// The holder of `office` for a release of `source` dated `date`
// (YYYY-MM-DD), or "" if the table has none or several.
std::string office_holder(std::string_view office, std::string_view source,
                          std::string_view date);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_PASSAGES_SPEAKER_TITLES_H_
