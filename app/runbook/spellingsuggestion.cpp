#include "runbook/spellingsuggestion.h"

#include <QCoreApplication>
#include <algorithm>
#include <vector>

int SpellingSuggestion::distance(QStringView a, QStringView b)
{
    // Optimal string alignment; words here are short, so a full table is fine.
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    if (n > 200 || m > 200)
        return int(std::max(n, m));
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost });
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString SpellingSuggestion::closest(const QString& word, const QStringList& candidates)
{
    const int allowed = word.size() <= 3 ? 1 : word.size() <= 6 ? 2 : 3;
    QString best;
    int bestDistance = allowed + 1;
    for (const QString& candidate : candidates) {
        const int d = distance(word, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

QString SpellingSuggestion::didYouMean(const QString& word, const QStringList& candidates)
{
    const QString best = closest(word, candidates);
    return best.isEmpty() ? QString() : QCoreApplication::translate("Validation", "; did you mean '%1'?").arg(best);
}
