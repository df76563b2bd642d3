#include "bilingual/passage_aligner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

#include "bilingual/anchors.h"

namespace libsearch::detail {
namespace {

// Chinese weight over English weight (text_weight) of a paragraph and its
// translation: the median over the paragraphs of the 333 conference pairs
// of ../shared/corpus/real whose paragraph counts are equal (10% and 90%
// quantiles 0.77 and 1.17).
constexpr double kLengthRatio = 0.92;
// What a match must score to be worth more than leaving both sides out.
constexpr double kBlockBias = 0.3;
constexpr double kParagraphBias = 0.3;
// Cost of matching one paragraph with two rather than one with one.
constexpr double kMergePenalty = 0.12;
constexpr double kNever = -1e9;

struct Info {
  int paragraph = 0;
  TranscriptRole role = TranscriptRole::kOther;
  std::vector<std::string> anchors;
  std::vector<std::string> words;  // English only: latin_words_of()
  double weight = 0;
};

struct Group {
  std::vector<std::string> anchors;
  std::vector<std::string> words;
  double weight = 0;
  TranscriptRole role = TranscriptRole::kOther;  // of the first paragraph
};

void sorted_union(std::vector<std::string>& into, const std::vector<std::string>& more) {
  into.insert(into.end(), more.begin(), more.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

Group group_of(const std::vector<Info>& p, std::size_t begin, std::size_t end) {
  Group g;
  g.role = p[begin].role;
  for (std::size_t i = begin; i < end; ++i) {
    g.weight += p[i].weight;
    sorted_union(g.anchors, p[i].anchors);
    sorted_union(g.words, p[i].words);
  }
  return g;
}

// Dice coefficient of the Chinese anchors and the English ones, where a
// Chinese anchor also counts as shared when the English writes it as an
// ordinary word ("Naver"); at most 1.
double overlap(const Group& z, const Group& e) {
  if (z.anchors.empty() && e.anchors.empty()) return 0;
  std::size_t common = 0;
  for (const std::string& a : z.anchors)
    if (std::binary_search(e.anchors.begin(), e.anchors.end(), a) ||
        std::binary_search(e.words.begin(), e.words.end(), a))
      ++common;
  return std::min(1.0, 2.0 * static_cast<double>(common) /
                           static_cast<double>(z.anchors.size() + e.anchors.size()));
}

// Similarity of a Chinese and an English group, in [0, 1].
double similarity(const Group& z, const Group& e) {
  const double expected = e.weight * kLengthRatio;
  const double length = (z.weight <= 0 || expected <= 0)
                            ? 0
                            : std::min(z.weight, expected) / std::max(z.weight, expected);
  // Short paragraphs ("答：我没有这方面可以发布的消息。") vary most in ratio:
  // they are judged on length more gently.
  const double soft_length = std::pow(length, std::min(z.weight, expected) < 30 ? 0.5 : 1.0);
  // Neither side has anchors: nothing for or against, an even 0.5.
  const double anchors = (z.anchors.empty() && e.anchors.empty()) ? 0.5 : overlap(z, e);
  return 0.5 * anchors + 0.5 * soft_length;
}

bool roles_fit(TranscriptRole z, TranscriptRole e) {
  const bool zq = z == TranscriptRole::kQuestion;
  const bool eq = e == TranscriptRole::kQuestion;
  return zq == eq;
}

struct Block {
  std::size_t begin = 0, end = 0;
  bool question = false;
};

std::vector<Block> blocks_of(const std::vector<Info>& p) {
  std::vector<Block> out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (out.empty() || p[i].role == TranscriptRole::kQuestion) {
      out.push_back({i, i + 1, p[i].role == TranscriptRole::kQuestion});
    } else {
      out.back().end = i + 1;
    }
  }
  return out;
}

std::vector<Info> infos_of(const std::vector<AlignParagraph>& ps, bool chinese) {
  std::vector<Info> out;
  out.reserve(ps.size());
  for (const AlignParagraph& p : ps)
    out.push_back({p.paragraph, transcript_role(p.text), anchors_of(p.text, chinese),
                   chinese ? std::vector<std::string>() : latin_words_of(p.text),
                   text_weight(p.text)});
  return out;
}

enum Move { kNone, kMatch, kSkipZh, kSkipEn, kZh2, kEn2 };

// Aligns paragraphs [zb, ze) of `z` with [eb, ee) of `e`, appending to
// `out` with confidences built on `block_score`.
void align_within(const std::vector<Info>& z, std::size_t zb, std::size_t ze,
                  const std::vector<Info>& e, std::size_t eb, std::size_t ee,
                  double block_score, std::vector<Alignment>& out) {
  const std::size_t n = ze - zb, m = ee - eb;
  std::vector<std::vector<double>> f(n + 1, std::vector<double>(m + 1, kNever));
  std::vector<std::vector<Move>> how(n + 1, std::vector<Move>(m + 1, kNone));
  std::vector<std::vector<double>> sim(n + 1, std::vector<double>(m + 1, 0));
  f[0][0] = 0;
  // Groups of one and of two paragraphs from each position, built once.
  std::vector<Group> z1, z2, e1, e2;
  for (std::size_t k = 0; k < n; ++k) {
    z1.push_back(group_of(z, zb + k, zb + k + 1));
    z2.push_back(k + 1 < n ? group_of(z, zb + k, zb + k + 2) : Group());
  }
  for (std::size_t k = 0; k < m; ++k) {
    e1.push_back(group_of(e, eb + k, eb + k + 1));
    e2.push_back(k + 1 < m ? group_of(e, eb + k, eb + k + 2) : Group());
  }
  auto score = [&](std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1) {
    if (!roles_fit(z[zb + i0].role, e[eb + j0].role)) return kNever;
    // A second paragraph joined to a group must not be a question.
    if (i1 - i0 == 2 && z[zb + i0 + 1].role == TranscriptRole::kQuestion) return kNever;
    if (j1 - j0 == 2 && e[eb + j0 + 1].role == TranscriptRole::kQuestion) return kNever;
    return similarity(i1 - i0 == 2 ? z2[i0] : z1[i0], j1 - j0 == 2 ? e2[j0] : e1[j0]);
  };
  for (std::size_t i = 0; i <= n; ++i) {
    for (std::size_t j = 0; j <= m; ++j) {
      if (i == 0 && j == 0) continue;
      auto consider = [&](double value, Move mv, double s) {
        if (value > f[i][j]) {
          f[i][j] = value;
          how[i][j] = mv;
          sim[i][j] = s;
        }
      };
      if (i >= 1) consider(f[i - 1][j], kSkipZh, 0);
      if (j >= 1) consider(f[i][j - 1], kSkipEn, 0);
      if (i >= 1 && j >= 1) {
        const double s = score(i - 1, i, j - 1, j);
        if (s > kNever) consider(f[i - 1][j - 1] + s - kParagraphBias, kMatch, s);
      }
      if (i >= 2 && j >= 1) {
        const double s = score(i - 2, i, j - 1, j);
        if (s > kNever) consider(f[i - 2][j - 1] + s - kParagraphBias - kMergePenalty, kZh2, s);
      }
      if (i >= 1 && j >= 2) {
        const double s = score(i - 1, i, j - 2, j);
        if (s > kNever) consider(f[i - 1][j - 2] + s - kParagraphBias - kMergePenalty, kEn2, s);
      }
    }
  }
  std::vector<Alignment> found;
  std::size_t i = n, j = m;
  const bool same_shape = n == m;
  while (i > 0 || j > 0) {
    const Move mv = how[i][j];
    const double s = sim[i][j];
    Alignment a;
    std::size_t di = 0, dj = 0;
    switch (mv) {
      case kSkipZh: di = 1; break;
      case kSkipEn: dj = 1; break;
      case kMatch: di = 1; dj = 1; break;
      case kZh2: di = 2; dj = 1; break;
      case kEn2: di = 1; dj = 2; break;
      case kNone: di = i; dj = j; break;  // unreachable: f[0][0] is the only start
    }
    if (mv == kMatch || mv == kZh2 || mv == kEn2) {
      for (std::size_t k = i - di; k < i; ++k) a.zh.push_back(z[zb + k].paragraph);
      for (std::size_t k = j - dj; k < j; ++k) a.en.push_back(e[eb + k].paragraph);
      // Paragraph fit and block fit; a block whose two sides have the same
      // number of paragraphs matched one to one is the common, safe case.
      double c = 0.55 * s + 0.45 * block_score;
      if (same_shape && mv == kMatch) c += 0.15;
      a.confidence = std::clamp(c, 0.0, 1.0);
      found.push_back(std::move(a));
    }
    i -= di;
    j -= dj;
  }
  out.insert(out.end(), found.rbegin(), found.rend());
}

}  // namespace

std::vector<Alignment> align_paragraphs(const std::vector<AlignParagraph>& zh_in,
                                        const std::vector<AlignParagraph>& en_in) {
  const std::vector<Info> z = infos_of(zh_in, true);
  const std::vector<Info> e = infos_of(en_in, false);
  const std::vector<Block> zb = blocks_of(z);
  const std::vector<Block> eb = blocks_of(e);
  const std::size_t n = zb.size(), m = eb.size();
  // Each block, each two consecutive blocks, and each block's first
  // paragraph (its question) as groups, built once.
  struct BlockGroups {
    std::vector<Group> one, two, first;
  };
  auto groups_of = [](const std::vector<Info>& p, const std::vector<Block>& b) {
    BlockGroups g;
    for (std::size_t k = 0; k < b.size(); ++k) {
      g.one.push_back(group_of(p, b[k].begin, b[k].end));
      g.two.push_back(k + 1 < b.size() ? group_of(p, b[k].begin, b[k + 1].end) : Group());
      g.first.push_back(group_of(p, b[k].begin, b[k].begin + 1));
    }
    return g;
  };
  const BlockGroups zg = groups_of(z, zb), eg = groups_of(e, eb);
  std::vector<std::vector<double>> f(n + 1, std::vector<double>(m + 1, kNever));
  std::vector<std::vector<Move>> how(n + 1, std::vector<Move>(m + 1, kNone));
  std::vector<std::vector<double>> sim(n + 1, std::vector<double>(m + 1, 0));
  f[0][0] = 0;
  for (std::size_t i = 0; i <= n; ++i) {
    for (std::size_t j = 0; j <= m; ++j) {
      if (i == 0 && j == 0) continue;
      if (i >= 1 && f[i - 1][j] > f[i][j]) {
        f[i][j] = f[i - 1][j];
        how[i][j] = kSkipZh;
      }
      if (j >= 1 && f[i][j - 1] > f[i][j]) {
        f[i][j] = f[i][j - 1];
        how[i][j] = kSkipEn;
      }
      // One block against one, or two consecutive blocks of one side
      // against one of the other: when the English drops a question but
      // keeps its answer, that answer runs on in the block before.
      for (const auto& [di, dj, mv] : {std::tuple<std::size_t, std::size_t, Move>{1, 1, kMatch},
                                       {2, 1, kZh2},
                                       {1, 2, kEn2}}) {
        if (i < di || j < dj) continue;
        const Block& a0 = zb[i - di];
        const Block& b0 = eb[j - dj];
        if (a0.question != b0.question) continue;
        const std::size_t a_end = zb[i - 1].end, b_end = eb[j - 1].end;
        // The question itself and the whole block both have to fit.
        const double whole = similarity(di == 2 ? zg.two[i - 2] : zg.one[i - 1],
                                        dj == 2 ? eg.two[j - 2] : eg.one[j - 1]);
        const double s =
            a0.question ? 0.5 * whole + 0.5 * similarity(zg.first[i - di], eg.first[j - dj])
                        : whole;
        // A match gains in proportion to the paragraphs it covers, so that
        // covering a dropped question's answer is worth more than leaving
        // the block out.
        const double size = 0.5 * static_cast<double>(a_end - a0.begin + b_end - b0.begin);
        const double v = f[i - di][j - dj] + (s - kBlockBias) * size -
                         (mv == kMatch ? 0.0 : kMergePenalty);
        if (v > f[i][j]) {
          f[i][j] = v;
          how[i][j] = mv;
          sim[i][j] = s;
        }
      }
    }
  }
  // Matched spans of paragraphs: (zh begin, zh end, en begin, en end).
  std::vector<std::array<std::size_t, 4>> spans;
  std::vector<double> scores;
  for (std::size_t i = n, j = m; i > 0 || j > 0;) {
    const Move mv = how[i][j];
    if (mv == kMatch || mv == kZh2 || mv == kEn2) {
      const std::size_t di = mv == kZh2 ? 2 : 1, dj = mv == kEn2 ? 2 : 1;
      spans.push_back({zb[i - di].begin, zb[i - 1].end, eb[j - dj].begin, eb[j - 1].end});
      scores.push_back(sim[i][j]);
      i -= di;
      j -= dj;
    } else if (mv == kSkipZh) {
      --i;
    } else if (mv == kSkipEn) {
      --j;
    } else {
      break;
    }
  }
  std::vector<Alignment> out;
  for (std::size_t k = spans.size(); k-- > 0;)
    align_within(z, spans[k][0], spans[k][1], e, spans[k][2], spans[k][3], scores[k], out);
  return out;
}

}  // namespace libsearch::detail
