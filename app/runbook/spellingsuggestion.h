#pragma once
// "Did you mean ...?" for unknown keys, filters and names.

#include <QString>
#include <QStringList>

namespace SpellingSuggestion {
// Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one each.
int distance(QStringView a, QStringView b);
// The candidate closest to `word` if it is close enough to be a likely typo; else empty.
QString closest(const QString& word, const QStringList& candidates);
// "; did you mean 'x'?" or empty, to append to a message.
QString didYouMean(const QString& word, const QStringList& candidates);
} // namespace SpellingSuggestion
