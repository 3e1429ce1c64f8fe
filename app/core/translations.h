#pragma once
// The language of the console and the command line: our translations (embedded, :/i18n) and Qt's
// own (from the system, when installed), chosen from the locale as Qt reads it from the
// environment (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG), so a French environment gets French
// whether or not that locale is generated on the machine.

#include <QString>

class QCoreApplication;
class QLocale;
class QTranslator;

namespace Translations {
// Installs the translators for the environment's languages on `app`; English needs none.
void install(QCoreApplication* app);

// Loads Qt's own catalogue (standard buttons and dialogs) for `language` from Qt's translations
// path into `translator`; false when it is not installed (qt6-translations-l10n).
bool loadQtCatalogue(QTranslator& translator, const QString& language);

// The language the console speaks for `locale`: the first of its UI languages that is English
// (the sources' language) or that we have a translation for; "en" when none is.
QString languageFor(const QLocale& locale);
} // namespace Translations
