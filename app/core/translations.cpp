#include "core/translations.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

const QString kDirectory = QStringLiteral(":/i18n");
const QString kPrefix = QStringLiteral("runbook-console_");

// "fr-FR" -> "fr_FR" then "fr": the names a translation file may carry.
QStringList candidates(const QString& uiLanguage)
{
    QString name = uiLanguage;
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    QStringList names { name };
    const QString language = name.section(QLatin1Char('_'), 0, 0);
    if (language != name)
        names << language;
    return names;
}

} // namespace

namespace Translations {

QString languageFor(const QLocale& locale)
{
    // In order of the user's preference: English first means English, even when a French
    // translation exists further down the list (LANGUAGE=en:fr).
    for (const QString& ui : locale.uiLanguages()) {
        for (const QString& name : candidates(ui)) {
            if (name == QLatin1String("en") || name.startsWith(QLatin1String("en_")) || name == QLatin1String("C"))
                return QStringLiteral("en");
            if (QFileInfo::exists(kDirectory + QLatin1Char('/') + kPrefix + name + QStringLiteral(".qm")))
                return name;
        }
    }
    return QStringLiteral("en");
}

bool loadQtCatalogue(QTranslator& translator, const QString& language)
{
    return translator.load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

void install(QCoreApplication* app)
{
    const QString language = languageFor(QLocale::system());
    if (language == QLatin1String("en"))
        return;
    auto* ours = new QTranslator(app);
    if (ours->load(kPrefix + language, kDirectory))
        QCoreApplication::installTranslator(ours);
    else
        delete ours;
    // Qt's own strings (standard dialogs and buttons), when qt6-translations-l10n is installed.
    auto* qt = new QTranslator(app);
    if (loadQtCatalogue(*qt, language))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
}

} // namespace Translations
