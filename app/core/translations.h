#pragma once
// The language of the console and the command line: our translations (embedded, :/i18n) and Qt's
// own (from the system, when installed), chosen from the locale as Qt reads it from the
// environment (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG), so a French environment gets French
// whether or not that locale is generated on the machine.

class QCoreApplication;

namespace Translations {
// Installs the translators for the environment's languages on `app`; English needs none.
void install(QCoreApplication* app);
} // namespace Translations
