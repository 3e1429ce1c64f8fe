#pragma once
// Masking applied to every text that leaves the process: the journal, exports, logs.
// Secrets are replaced by ******** before anything is stored, so nothing downstream can leak them.

#include <QString>
#include <QStringList>

// The mask every secret becomes.
inline constexpr char16_t kSecretMask[] = u"********";

// Masks conninfo passwords (keyword/value, URI user:password@, ?password=), PGPASSWORD=... and every
// occurrence of a known secret value (also in its percent-encoded form), longest first.
QString maskSecrets(const QString& text, const QStringList& knownSecrets = {});

// The passwords written inside conninfo strings (keyword/value or URI), for use as known secrets.
QStringList passwordsInConninfo(const QString& conninfo);
