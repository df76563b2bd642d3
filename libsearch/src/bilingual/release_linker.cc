#include "bilingual/release_linker.h"

#include <algorithm>
#include <map>

#include "bilingual/anchors.h"

namespace libsearch::detail {
namespace {

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool chinese(const std::string& lang) { return lang.rfind("zh", 0) == 0; }

// Two English releases whose anchors overlap this much are versions of one
// transcript (the two of 2019-04-29 overlap 0.9; distinct conferences of one
// day, far less).
constexpr double kSameVersion = 0.8;

struct Profile {
  std::vector<std::string> anchors;
  double questions = 0;
  double paragraphs = 0;
};

Profile profile_of(const LinkCandidate& r) {
  Profile p;
  const bool zh = chinese(r.lang);
  for (const AlignParagraph& para : r.paragraphs) {
    const std::vector<std::string> a = anchors_of(para.text, zh);
    p.anchors.insert(p.anchors.end(), a.begin(), a.end());
    if (transcript_role(para.text) == TranscriptRole::kQuestion) p.questions += 1;
  }
  std::sort(p.anchors.begin(), p.anchors.end());
  p.anchors.erase(std::unique(p.anchors.begin(), p.anchors.end()), p.anchors.end());
  p.paragraphs = static_cast<double>(r.paragraphs.size());
  return p;
}

double ratio(double a, double b) {
  if (a <= 0 && b <= 0) return 1;
  return std::min(a, b) / std::max(a, b);
}

double score_profiles(const Profile& z, const Profile& e) {
  return 0.5 * anchor_overlap(z.anchors, e.anchors) + 0.25 * ratio(z.questions, e.questions) +
         0.25 * ratio(z.paragraphs, e.paragraphs);
}

bool linkable(const LinkCandidate& z, const LinkCandidate& e) {
  if (!chinese(z.lang) || e.lang != "en") return false;
  if (z.date.empty() || z.date != e.date) return false;
  const ReleaseKind k = release_kind(z.title);
  if (k == ReleaseKind::kNone || k != release_kind(e.title)) return false;
  return z.speaker.empty() || e.speaker.empty() || z.speaker == e.speaker;
}

}  // namespace

ReleaseKind release_kind(std::string_view t) {
  // Chinese: 例行记者会 / 答记者问 / 表态 / 声明 / 谈话
  if (contains(t, "\xE4\xBE\x8B\xE8\xA1\x8C\xE8\xAE\xB0\xE8\x80\x85\xE4\xBC\x9A") ||
      contains(t, "Regular Press Conference") || contains(t, "Daily Briefing"))
    return ReleaseKind::kConference;
  if (contains(t, "\xE7\xAD\x94\xE8\xAE\xB0\xE8\x80\x85\xE9\x97\xAE") ||
      contains(t, "\xE8\xA1\xA8\xE6\x80\x81") || contains(t, "\xE5\xA3\xB0\xE6\x98\x8E") ||
      contains(t, "\xE8\xB0\x88\xE8\xAF\x9D") || contains(t, "Remarks") ||
      contains(t, "Statement") || contains(t, "Answers"))
    return ReleaseKind::kStatement;
  return ReleaseKind::kNone;
}

double link_score(const LinkCandidate& zh, const LinkCandidate& en) {
  if (!linkable(zh, en)) return -1;
  return score_profiles(profile_of(zh), profile_of(en));
}

std::vector<ReleaseLink> find_links(const std::vector<LinkCandidate>& releases) {
  // Candidates meet on their date.
  std::map<std::string, std::vector<std::size_t>> zh_by_date, en_by_date;
  for (std::size_t i = 0; i < releases.size(); ++i) {
    const LinkCandidate& r = releases[i];
    if (r.date.empty() || release_kind(r.title) == ReleaseKind::kNone) continue;
    if (chinese(r.lang)) zh_by_date[r.date].push_back(i);
    else if (r.lang == "en") en_by_date[r.date].push_back(i);
  }
  std::vector<ReleaseLink> links;
  for (const auto& [date, zhs] : zh_by_date) {
    const auto found = en_by_date.find(date);
    if (found == en_by_date.end()) continue;
    const std::vector<std::size_t>& ens = found->second;
    std::vector<Profile> zp, ep;
    for (std::size_t i : zhs) zp.push_back(profile_of(releases[i]));
    for (std::size_t j : ens) ep.push_back(profile_of(releases[j]));
    std::vector<std::vector<double>> s(zhs.size(), std::vector<double>(ens.size(), -1));
    for (std::size_t a = 0; a < zhs.size(); ++a)
      for (std::size_t b = 0; b < ens.size(); ++b)
        if (linkable(releases[zhs[a]], releases[ens[b]])) s[a][b] = score_profiles(zp[a], ep[b]);
    for (std::size_t a = 0; a < zhs.size(); ++a) {
      std::size_t best = ens.size();
      for (std::size_t b = 0; b < ens.size(); ++b)
        if (s[a][b] >= 0 && (best == ens.size() || s[a][b] > s[a][best])) best = b;
      if (best == ens.size() || s[a][best] < kLinkThreshold) continue;
      // No rival within the margin, on either side. A rival that is another
      // version of the same English transcript is no rival: the ministry
      // published the conference of 2019-04-29 twice (mfa-en-t1659619 and
      // mfa-en-t1660057 in ../shared/corpus/real).
      bool clear = true;
      for (std::size_t b = 0; b < ens.size() && clear; ++b)
        if (b != best && s[a][b] >= 0 && s[a][b] > s[a][best] - kLinkMargin &&
            anchor_overlap(ep[b].anchors, ep[best].anchors) < kSameVersion)
          clear = false;
      for (std::size_t o = 0; o < zhs.size() && clear; ++o)
        if (o != a && s[o][best] >= 0 && s[o][best] > s[a][best] - kLinkMargin) clear = false;
      if (!clear) continue;
      links.push_back({releases[zhs[a]].id, releases[ens[best]].id, s[a][best]});
    }
  }
  std::sort(links.begin(), links.end(),
            [](const ReleaseLink& x, const ReleaseLink& y) { return x.zh < y.zh; });
  return links;
}

}  // namespace libsearch::detail
