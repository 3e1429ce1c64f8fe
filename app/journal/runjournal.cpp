#include "journal/runjournal.h"

#include "core/secretmask.h"
#include "journal/processidentity.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QVariant>

#include <QUrl>

#include <atomic>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
// "RBCJ": tells our journal apart from any other SQLite database someone points --journal at.
constexpr int kApplicationId = 0x52424a4a;
constexpr int kBusyTimeoutMs = 5000;

std::atomic<quint64> s_connectionCounter { 0 };
std::atomic<RunJournal::StepHook> s_stepHook { nullptr };

const char* const kSchema[] = {
    R"(CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        runbook_name TEXT NOT NULL DEFAULT '',
        runbook_path TEXT NOT NULL DEFAULT '',
        runbook_digest TEXT NOT NULL DEFAULT '',
        inventory_path TEXT NOT NULL DEFAULT '',
        inventory_digest TEXT NOT NULL DEFAULT '',
        cluster TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL,
        user_name TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL DEFAULT 0,
        boot_id TEXT NOT NULL DEFAULT '',
        process_start TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN
            ('running', 'completed', 'failed', 'rolled-back', 'cancelled', 'interrupted')),
        note TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX runs_by_start ON runs (started_at, id)",
    R"(CREATE TABLE steps (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        phase TEXT NOT NULL DEFAULT '',
        step_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        node TEXT NOT NULL DEFAULT '',
        attempt INTEGER NOT NULL DEFAULT 1,
        is_rollback INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        duration_ms INTEGER,
        outcome TEXT NOT NULL,
        exit_code INTEGER,
        sqlstate TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        output TEXT NOT NULL DEFAULT '',
        affected_rows INTEGER,
        expected_ms INTEGER,
        inverse TEXT NOT NULL DEFAULT '',
        UNIQUE (run_id, seq)))",
    R"(CREATE TABLE downtime_windows (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('writes', 'reads')),
        source TEXT NOT NULL CHECK (source IN ('runbook-marker', 'probe')),
        started_at TEXT NOT NULL,
        ended_at TEXT,
        duration_ms INTEGER))",
    "CREATE INDEX downtime_windows_by_run ON downtime_windows (run_id, started_at)",
    R"(CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step_row_id INTEGER REFERENCES steps (id) ON DELETE SET NULL,
        at TEXT NOT NULL,
        text TEXT NOT NULL))",
    "CREATE INDEX events_by_run ON events (run_id, at)",
};

// Schema 2: the process groups steps started, so a console killed mid-step can find them.
const char* const kSchema2[] = {
    R"(CREATE TABLE step_processes (
        id INTEGER PRIMARY KEY,
        step_row_id INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
        host TEXT NOT NULL,
        process_group INTEGER NOT NULL,
        start_time TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL))",
    "CREATE INDEX step_processes_by_step ON step_processes (step_row_id)",
};

// Schema 3: what steps captured for later ones (`capture:`), JSON: {"values": {...}, "secret": [...]}.
const char* const kSchema3[] = {
    "ALTER TABLE steps ADD COLUMN captures TEXT NOT NULL DEFAULT ''",
};

// Schema 4: loops (`for_each:`). A loop step's row holds the rows of its query (JSON array of
// objects); each iteration is an attempt of its own; a rollback row says which iteration it undoes.
const char* const kSchema4[] = {
    "ALTER TABLE steps ADD COLUMN loop_rows TEXT",
    "ALTER TABLE steps ADD COLUMN iteration INTEGER NOT NULL DEFAULT 0",
    R"(CREATE TABLE step_iterations (
        id INTEGER PRIMARY KEY,
        step_row_id INTEGER NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
        iteration INTEGER NOT NULL,
        item TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        duration_ms INTEGER,
        outcome TEXT NOT NULL,
        error TEXT NOT NULL DEFAULT '',
        output TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX step_iterations_by_step ON step_iterations (step_row_id, iteration)",
};

QJsonObject rowJson(const LoopRow& row, const QStringList& secrets)
{
    QJsonObject o;
    for (auto it = row.constBegin(); it != row.constEnd(); ++it)
        o.insert(it.key(), maskSecrets(it.value(), secrets));
    return o;
}

LoopRow rowFromJson(const QJsonObject& o)
{
    LoopRow row;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        row.insert(it.key(), it.value().toString());
    return row;
}

// Secret captures are journaled by name only: their values never reach the file.
QString capturesJson(const StepResult& result, const QStringList& secrets)
{
    if (result.captured.isEmpty())
        return {};
    QJsonObject values;
    for (auto it = result.captured.constBegin(); it != result.captured.constEnd(); ++it)
        if (!result.secretCaptures.contains(it.key()))
            values.insert(it.key(), maskSecrets(it.value(), secrets));
    QJsonObject o { { QStringLiteral("values"), values } };
    if (!result.secretCaptures.isEmpty())
        o.insert(QStringLiteral("secret"), QJsonArray::fromStringList(result.secretCaptures));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void readCaptures(const QString& json, StepResult& result)
{
    if (json.isEmpty())
        return;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    const QJsonObject values = o.value(QStringLiteral("values")).toObject();
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        result.captured.insert(it.key(), it.value().toString());
    for (const QJsonValue& name : o.value(QStringLiteral("secret")).toArray())
        result.secretCaptures.append(name.toString());
}

bool isDiskFull(const QSqlError& e)
{
    // SQLITE_FULL (13), whatever extended code or text the driver passes on.
    const QString code = e.nativeErrorCode();
    return code == QLatin1String("13") || (code.toInt() & 0xff) == 13
        || e.text().contains(QLatin1String("disk is full"), Qt::CaseInsensitive);
}

// SQLITE_BUSY (5) or SQLITE_LOCKED (6), with any extended code.
bool isBusy(const QSqlError& e)
{
    const int code = e.nativeErrorCode().toInt() & 0xff;
    return code == 5 || code == 6 || e.text().contains(QLatin1String("database is locked"), Qt::CaseInsensitive);
}

// Only the owner may read what runs did (file, -wal and -shm, which SQLite creates with the
// database's own mode).
void makePrivate(const QString& path)
{
    for (const QString& file : { path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm") })
        ::chmod(QFile::encodeName(file).constData(), S_IRUSR | S_IWUSR);
}

QString toIso(const QDateTime& t)
{
    return (t.isValid() ? t : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QVariant& v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

// Qt binds a null QString as SQL NULL; text columns hold '' instead.
QVariant sqlText(const QString& s)
{
    return s.isNull() ? QVariant(QString::fromLatin1("")) : QVariant(s);
}

QVariant orNull(std::optional<qint64> v)
{
    return v ? QVariant(*v) : QVariant();
}

std::optional<qint64> optionalInt(const QSqlQuery& q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    return q.value(column).toLongLong();
}

QString loginName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    if (user.isEmpty()) {
        if (const passwd* pw = ::getpwuid(::geteuid()))
            user = QString::fromLocal8Bit(pw->pw_name);
    }
    return user;
}

QString tail(const QString& text, qsizetype max)
{
    if (text.size() <= max)
        return text;
    qsizetype cut = text.size() - max;
    if (text.at(cut).isLowSurrogate())
        ++cut;
    return QStringLiteral("[%1 earlier characters dropped]\n").arg(cut) + text.mid(cut);
}

QString head(const QString& text, qsizetype max)
{
    if (text.size() <= max)
        return text;
    qsizetype cut = max;
    if (text.at(cut).isLowSurrogate())
        --cut;
    return text.left(cut) + QStringLiteral(" [truncated]");
}

QJsonValue maskJson(const QJsonValue& v, const QStringList& secrets)
{
    if (v.isString())
        return maskSecrets(v.toString(), secrets);
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue& e : v.toArray())
            out.append(maskJson(e, secrets));
        return out;
    }
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(maskSecrets(it.key(), secrets), maskJson(it.value(), secrets));
        return out;
    }
    return v;
}

const char* const kRunColumns = "r.id, r.runbook_name, r.runbook_path, r.runbook_digest, r.inventory_path, "
                                "r.inventory_digest, r.cluster, r.label, r.user_name, r.host, r.pid, r.started_at, "
                                "r.ended_at, r.outcome, r.note, "
                                "(SELECT COUNT(*) FROM steps s WHERE s.run_id = r.id), "
                                "(SELECT COUNT(*) FROM steps s WHERE s.run_id = r.id "
                                " AND s.outcome IN ('failed', 'timed-out')), "
                                "(SELECT SUM(w.duration_ms) FROM downtime_windows w WHERE w.run_id = r.id "
                                " AND w.source = 'probe' AND w.kind = 'writes'), "
                                "(SELECT SUM(w.duration_ms) FROM downtime_windows w WHERE w.run_id = r.id "
                                " AND w.source = 'probe' AND w.kind = 'reads'), "
                                "EXISTS (SELECT 1 FROM events e WHERE e.run_id = r.id AND substr(e.text, 1, ?) = ?) "
                                " OR EXISTS (SELECT 1 FROM downtime_windows w WHERE w.run_id = r.id AND w.source = 'probe')";

// Binds the parameters kRunColumns takes, before any of the query's own.
void bindRunColumns(QSqlQuery& q)
{
    const QString prefix = QString::fromLatin1(kProbeStartedEventPrefix);
    q.addBindValue(prefix.size());
    q.addBindValue(prefix);
}

RunSummary readRun(const QSqlQuery& q)
{
    RunSummary r;
    r.id = q.value(0).toString();
    r.runbookName = q.value(1).toString();
    r.runbookPath = q.value(2).toString();
    r.runbookDigest = q.value(3).toString();
    r.inventoryPath = q.value(4).toString();
    r.inventoryDigest = q.value(5).toString();
    r.cluster = q.value(6).toString();
    r.label = q.value(7).toString();
    r.user = q.value(8).toString();
    r.host = q.value(9).toString();
    r.pid = q.value(10).toLongLong();
    r.startedAt = fromIso(q.value(11));
    r.endedAt = fromIso(q.value(12));
    r.outcome = runOutcomeFromName(q.value(13).toString()).value_or(RunOutcome::Running);
    r.note = q.value(14).toString();
    r.stepCount = q.value(15).toInt();
    r.failedStepCount = q.value(16).toInt();
    if (q.value(19).toBool()) {
        r.measuredWritesDownMs = q.value(17).toLongLong();
        r.measuredReadsDownMs = q.value(18).toLongLong();
    }
    return r;
}
} // namespace

RunJournal::RunJournal() = default;

RunJournal::~RunJournal()
{
    close();
}

QString RunJournal::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/journal.sqlite");
}

QString RunJournal::fileDigest(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

bool RunJournal::fail(const QString& message) const
{
    m_lastError = message;
    return false;
}

QString RunJournal::mask(const QString& text) const
{
    return maskSecrets(text, m_secrets);
}

bool RunJournal::isOpen() const
{
    return !m_connectionName.isEmpty() && QSqlDatabase::database(m_connectionName, false).isOpen();
}

void RunJournal::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool RunJournal::open(const QString& path, QString* error, OpenMode mode)
{
    close();
    m_path = path;
    const auto report = [&](const QString& message) {
        close();
        m_lastError = message;
        if (error)
            *error = message;
        return false;
    };
    if (path.isEmpty())
        return report(QStringLiteral("no journal file given"));
    const QFileInfo info(path);
    if (info.exists()) {
        if (info.isDir())
            return report(QStringLiteral("%1 is a directory, not a run journal").arg(path));
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return report(QStringLiteral("cannot read the journal %1: %2").arg(path, f.errorString()));
        const QByteArray magic = f.read(16);
        if (!magic.isEmpty() && magic != QByteArray("SQLite format 3\0", 16))
            return report(
                QStringLiteral("%1 is not a run journal (not an SQLite database); it was left untouched").arg(path));
    } else if (mode != OpenMode::CreateIfMissing) {
        return report(QStringLiteral("no journal at %1").arg(path));
    } else if (!QDir().mkpath(info.absolutePath())) {
        return report(QStringLiteral("cannot create the directory %1").arg(info.absolutePath()));
    } else {
        // Created private before SQLite sees it (an empty file is an empty database).
        const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
        if (fd < 0 && errno != EEXIST)
            return report(QStringLiteral("cannot create the journal %1: %2").arg(path, QString::fromLocal8Bit(::strerror(errno))));
        if (fd >= 0)
            ::close(fd);
    }
    m_readOnly = mode == OpenMode::ReadOnly;
    m_stopReason.clear();
    m_orphans.clear();
    if (!m_readOnly)
        makePrivate(path);

    // Read-only: a journal in WAL mode needs its -shm file, which read-only media cannot hold;
    // opened as immutable, SQLite reads the file alone.
    for (const bool immutable : { false, true }) {
        if (immutable && !m_readOnly)
            break;
        close();
        m_connectionName = QStringLiteral("rbc-journal-%1").arg(++s_connectionCounter);
        QString openError;
        {
            // The handle goes before close() can remove the connection (Qt warns otherwise).
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
            if (!db.isValid()) {
                openError = QStringLiteral("the Qt SQLite driver (QSQLITE) is not available");
            } else {
                if (immutable) {
                    db.setDatabaseName(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) + QStringLiteral("?immutable=1"));
                    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
                } else {
                    db.setDatabaseName(path);
                    db.setConnectOptions(m_readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs)
                                                    : QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
                }
                if (!db.open())
                    openError = QStringLiteral("cannot open the journal %1: %2").arg(path, db.lastError().text());
            }
        }
        if (!openError.isEmpty()) {
            if (m_readOnly && !immutable)
                continue;
            return report(openError);
        }
        QString why;
        if (m_readOnly) {
            if (checkReadable(&why))
                return true;
            if (!immutable)
                continue;
            return report(QStringLiteral("cannot read the journal %1: %2").arg(path, why));
        }
        if (!createOrMigrate(&why))
            return report(QStringLiteral("cannot use the journal %1: %2").arg(path, why));
        makePrivate(path);
        markInterrupted();
        keepReserve();
        return true;
    }
    return report(QStringLiteral("cannot read the journal %1").arg(path));
}

bool RunJournal::checkReadable(QString* error)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const auto scalar = [&](const QString& sql) -> std::optional<QVariant> {
        if (!q.exec(sql)) {
            *error = q.lastError().text();
            return std::nullopt;
        }
        return q.next() ? q.value(0) : QVariant();
    };
    const auto appId = scalar(QStringLiteral("PRAGMA application_id"));
    const auto version = appId ? scalar(QStringLiteral("PRAGMA user_version")) : std::nullopt;
    if (!appId || !version)
        return false;
    if (appId->toInt() != kApplicationId) {
        *error = QStringLiteral("it is not a run journal");
        return false;
    }
    m_schema = version->toInt();
    if (m_schema > schemaVersion) {
        *error = QStringLiteral("it was written by a newer runbook-console (journal schema %1, this build knows %2)")
                     .arg(m_schema)
                     .arg(schemaVersion);
        return false;
    }
    // Runs whose owner is gone read as interrupted; nothing is marked.
    if (!q.exec(QStringLiteral("SELECT id, host, pid, boot_id, process_start FROM runs WHERE outcome = 'running'"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        const ProcessIdentity owner(q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(), q.value(4).toString());
        if (owner.liveness() == ProcessIdentity::Liveness::Gone)
            m_orphans.insert(q.value(0).toString());
    }
    return true;
}

void RunJournal::keepReserve()
{
    // Space for the last few writes when the disk fills up: the end of the step that filled it,
    // the end of the run. Made once; used (deleted) by execWrite() when it is needed.
    const QByteArray reserve = QFile::encodeName(m_path + QStringLiteral(".reserve"));
    const int fd = ::open(reserve.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return; // there already, or no room for it: the journal works without
    if (::posix_fallocate(fd, 0, reserveBytes) != 0) {
        ::close(fd);
        ::unlink(reserve.constData());
        return;
    }
    ::close(fd);
}

bool RunJournal::execWrite(QSqlQuery& query)
{
    if (query.exec())
        return true;
    if (!isDiskFull(query.lastError()))
        return false;
    const QString reserve = m_path + QStringLiteral(".reserve");
    const bool freed = QFile::exists(reserve) && QFile::remove(reserve);
    m_stopReason = freed ? QStringLiteral("the journal's disk is full (%1): its reserve was used to record this, and nothing more "
                                          "can be journaled; free some space before going on")
                               .arg(m_path)
                         : QStringLiteral("the journal's disk is full (%1); free some space before going on").arg(m_path);
    return freed && query.exec();
}

void RunJournal::setStepHook(StepHook hook)
{
    s_stepHook.store(hook);
}

void RunJournal::stepHook(const StepRecord& step, bool begun)
{
    if (const StepHook hook = s_stepHook.load(); hook && !step.isRollback)
        hook(step, begun);
}

bool RunJournal::createOrMigrate(QString* error)
{
    // SQLite answers "database is locked" at once, without waiting, where waiting could deadlock
    // (a reader turning writer while another writes, a journal switching to WAL): the case of two
    // processes opening a new journal together. Try again from the start for as long as a busy
    // journal is waited for anywhere else.
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        bool busy = false;
        if (createOrMigrateOnce(error, &busy))
            return true;
        if (!busy || waited.hasExpired(kBusyTimeoutMs))
            return false;
        QThread::msleep(10 + QRandomGenerator::global()->bounded(20));
    }
}

bool RunJournal::createOrMigrateOnce(QString* error, bool* busy)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    const auto scalar = [&](const QString& sql, QVariant* out) {
        if (!q.exec(sql)) {
            *error = q.lastError().text();
        *busy = isBusy(q.lastError());
            return false;
        }
        *out = q.next() ? q.value(0) : QVariant();
        return true;
    };
    // Look before writing anything: a damaged file, another application's database or a journal
    // from a newer build must stay exactly as it is.
    // One read transaction: the three answers come from the same moment, even while another
    // process is creating the journal.
    QVariant appId, version, objects;
    if (!q.exec(QStringLiteral("BEGIN"))) {
        *error = q.lastError().text();
        *busy = isBusy(q.lastError());
        return false;
    }
    const bool read = scalar(QStringLiteral("PRAGMA application_id"), &appId)
        && scalar(QStringLiteral("PRAGMA user_version"), &version)
        && scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master"), &objects);
    q.finish();
    QSqlQuery(db).exec(QStringLiteral("COMMIT"));
    if (!read)
        return false;
    const bool empty = objects.toInt() == 0;
    if (!empty && appId.toInt() != kApplicationId) {
        *error = QStringLiteral("it is an SQLite database but not a run journal; it was left untouched");
        return false;
    }
    if (version.toInt() > schemaVersion) {
        *error = QStringLiteral("it was written by a newer runbook-console (journal schema %1, this build knows %2)")
                     .arg(version.toInt())
                     .arg(schemaVersion);
        return false;
    }
    QVariant mode;
    if (!scalar(QStringLiteral("PRAGMA journal_mode=WAL"), &mode))
        return false;
    if (mode.toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        *error = QStringLiteral("SQLite refused write-ahead logging here (journal_mode is %1)").arg(mode.toString());
        return false;
    }
    for (const char* pragma : { "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000" }) {
        if (!q.exec(QString::fromLatin1(pragma))) {
            *error = q.lastError().text();
        *busy = isBusy(q.lastError());
            return false;
        }
    }
    m_schema = version.toInt();
    if (m_schema == schemaVersion)
        return true;
    // Another process may be creating or migrating the same journal right now (a console starting
    // while another reads it): take the write lock first, then look again.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = q.lastError().text();
        *busy = isBusy(q.lastError());
        return false;
    }
    const auto rollback = [&] {
        *error = q.lastError().text();
        *busy = isBusy(q.lastError());
        q.finish();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return rollback();
    m_schema = q.value(0).toInt();
    q.finish();
    QList<const char*> statements;
    if (m_schema < 1)
        statements += QList<const char*>(std::begin(kSchema), std::end(kSchema));
    if (m_schema < 2)
        statements += QList<const char*>(std::begin(kSchema2), std::end(kSchema2));
    if (m_schema < 3)
        statements += QList<const char*>(std::begin(kSchema3), std::end(kSchema3));
    if (m_schema < 4)
        statements += QList<const char*>(std::begin(kSchema4), std::end(kSchema4));
    for (const char* statement : statements)
        if (!q.exec(QString::fromLatin1(statement)))
            return rollback();
    if (!q.exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId))
        || !q.exec(QStringLiteral("PRAGMA user_version=%1").arg(schemaVersion)))
        return rollback();
    if (!q.exec(QStringLiteral("COMMIT")))
        return rollback();
    m_schema = schemaVersion;
    return true;
}

QString RunJournal::newRunId(const QDateTime& startedAt)
{
    const QString prefix = startedAt.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT MAX(id) FROM runs WHERE substr(id, 1, 16) = ?"));
    q.addBindValue(prefix + QLatin1Char('-'));
    int suffix = static_cast<int>(QRandomGenerator::global()->bounded(0x8000));
    if (q.exec() && q.next() && !q.isNull(0)) {
        // Runs begun within the same second still sort in the order they began.
        bool ok = false;
        const int last = q.value(0).toString().mid(16, 4).toInt(&ok, 16);
        if (ok)
            suffix = last + 1 + static_cast<int>(QRandomGenerator::global()->bounded(16));
    }
    if (suffix > 0xffff)
        return {};
    return prefix + QLatin1Char('-') + QStringLiteral("%1").arg(suffix, 4, 16, QLatin1Char('0'));
}

QString RunJournal::beginRun(const RunStart& start)
{
    if (!isOpen())
        return failWith(QStringLiteral("the journal is not open"), QString());
    const QString label = start.label.isEmpty() ? QStringLiteral("rehearsal") : start.label;
    if (label != QLatin1String("rehearsal") && label != QLatin1String("production"))
        return failWith(QStringLiteral("unknown run label '%1' (rehearsal or production)").arg(mask(label)), QString());
    const QDateTime startedAt = start.startedAt.isValid() ? start.startedAt.toUTC() : QDateTime::currentDateTimeUtc();
    const ProcessIdentity me = ProcessIdentity::current();
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    for (int tries = 0; tries < 8; ++tries) {
        const QString id = newRunId(startedAt);
        if (id.isEmpty())
            return failWith(QStringLiteral("too many runs begun within one second"), QString());
        q.prepare(QStringLiteral(
            "INSERT INTO runs (id, runbook_name, runbook_path, runbook_digest, inventory_path, inventory_digest, "
            "cluster, label, user_name, host, pid, boot_id, process_start, started_at, outcome, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)"));
        q.addBindValue(id);
        q.addBindValue(sqlText(mask(start.runbookName)));
        q.addBindValue(sqlText(mask(start.runbookPath)));
        q.addBindValue(sqlText(start.runbookDigest));
        q.addBindValue(sqlText(mask(start.inventoryPath)));
        q.addBindValue(sqlText(start.inventoryDigest));
        q.addBindValue(sqlText(mask(start.cluster)));
        q.addBindValue(sqlText(label));
        q.addBindValue(sqlText(mask(start.user.isEmpty() ? loginName() : start.user)));
        q.addBindValue(sqlText(me.host()));
        q.addBindValue(me.pid());
        q.addBindValue(sqlText(me.bootId()));
        q.addBindValue(sqlText(me.startTime()));
        q.addBindValue(toIso(startedAt));
        q.addBindValue(sqlText(mask(start.note)));
        if (execWrite(q))
            return id;
        // Another process may have taken the same id a moment ago: draw again.
        const QString why = q.lastError().text();
        if (!why.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive))
            return failWith(QStringLiteral("cannot record the run: %1").arg(why), QString());
    }
    return failWith(QStringLiteral("cannot find a free run id"), QString());
}

bool RunJournal::endRun(const QString& runId, RunOutcome outcome, const QString& note)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE runs SET ended_at = ?, outcome = ?, "
                             "note = CASE WHEN ? = '' THEN note ELSE ? END WHERE id = ?"));
    const QString masked = mask(note);
    q.addBindValue(outcome == RunOutcome::Running ? QVariant() : QVariant(toIso({})));
    q.addBindValue(runOutcomeName(outcome));
    q.addBindValue(sqlText(masked));
    q.addBindValue(sqlText(masked));
    q.addBindValue(runId);
    if (!execWrite(q))
        return fail(QStringLiteral("cannot record the end of run %1: %2").arg(runId, q.lastError().text()));
    if (q.numRowsAffected() != 1)
        return fail(QStringLiteral("no run %1 in the journal").arg(runId));
    return true;
}

bool RunJournal::reopenRun(const QString& runId)
{
    return claimRun(runId);
}

bool RunJournal::claimRun(const QString& runId, int expectedStepCount)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    // IMMEDIATE: the write lock is taken before reading, so two claims cannot both read "free".
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(QStringLiteral("cannot claim run %1: %2").arg(runId, q.lastError().text()));
    const auto abandon = [&](const QString& message) {
        q.finish();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return fail(message);
    };
    q.prepare(QStringLiteral("SELECT outcome, host, pid, boot_id, process_start, "
                             "(SELECT COUNT(*) FROM steps s WHERE s.run_id = r.id) FROM runs r WHERE id = ?"));
    q.addBindValue(runId);
    if (!q.exec())
        return abandon(QStringLiteral("cannot read run %1: %2").arg(runId, q.lastError().text()));
    if (!q.next())
        return abandon(QStringLiteral("no run %1 in the journal").arg(runId));
    const ProcessIdentity owner(q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(), q.value(4).toString());
    if (q.value(0).toString() == QLatin1String("running") && owner.liveness() != ProcessIdentity::Liveness::Gone)
        return abandon(QStringLiteral("run %1 is already running in process %2 on %3").arg(runId).arg(owner.pid()).arg(owner.host()));
    if (expectedStepCount >= 0 && q.value(5).toInt() != expectedStepCount)
        return abandon(QStringLiteral("run %1 has changed since it was read (another process went on with it): look at it again")
                           .arg(runId));
    q.finish();
    const ProcessIdentity me = ProcessIdentity::current();
    q.prepare(QStringLiteral("UPDATE runs SET outcome = 'running', ended_at = NULL, host = ?, pid = ?, boot_id = ?, "
                             "process_start = ? WHERE id = ?"));
    q.addBindValue(sqlText(me.host()));
    q.addBindValue(me.pid());
    q.addBindValue(sqlText(me.bootId()));
    q.addBindValue(sqlText(me.startTime()));
    q.addBindValue(runId);
    if (!execWrite(q) || q.numRowsAffected() != 1)
        return abandon(QStringLiteral("cannot claim run %1: %2").arg(runId, q.lastError().text()));
    q.prepare(QStringLiteral("INSERT INTO events (run_id, at, text) VALUES (?, ?, ?)"));
    q.addBindValue(runId);
    q.addBindValue(toIso({}));
    q.addBindValue(QStringLiteral("claimed by process %1 on %2").arg(me.pid()).arg(me.host()));
    if (!execWrite(q))
        return abandon(QStringLiteral("cannot claim run %1: %2").arg(runId, q.lastError().text()));
    q.finish();
    if (!q.exec(QStringLiteral("COMMIT")))
        return abandon(QStringLiteral("cannot claim run %1: %2").arg(runId, q.lastError().text()));
    return true;
}

bool RunJournal::recordProcess(qint64 stepRowId, const StepProcess& process)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    if (m_schema < 2)
        return fail(QStringLiteral("the journal predates process records"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("INSERT INTO step_processes (step_row_id, host, process_group, start_time, recorded_at) "
                             "VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(stepRowId);
    q.addBindValue(sqlText(mask(process.host)));
    q.addBindValue(process.processGroup);
    q.addBindValue(sqlText(process.startTime));
    q.addBindValue(toIso({}));
    if (!execWrite(q))
        return fail(QStringLiteral("cannot record process group %1 of step row %2: %3")
                        .arg(process.processGroup)
                        .arg(stepRowId)
                        .arg(q.lastError().text()));
    return true;
}

qint64 RunJournal::beginStep(const QString& runId, const StepRecord& step)
{
    if (!isOpen())
        return failWith(QStringLiteral("the journal is not open"), qint64(-1));
    stepHook(step, false);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
        "INSERT INTO steps (run_id, seq, phase, step_id, title, kind, node, attempt, is_rollback, started_at, "
        "outcome, expected_ms, inverse, iteration) VALUES (?, CASE WHEN ? > 0 THEN ? ELSE "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM steps WHERE run_id = ?) END, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)"));
    q.addBindValue(runId);
    q.addBindValue(step.seq);
    q.addBindValue(step.seq);
    q.addBindValue(runId);
    q.addBindValue(sqlText(mask(step.phase)));
    q.addBindValue(sqlText(mask(step.stepId)));
    q.addBindValue(sqlText(mask(step.title)));
    q.addBindValue(sqlText(step.kind));
    q.addBindValue(sqlText(mask(step.node)));
    q.addBindValue(step.attempt);
    q.addBindValue(step.isRollback ? 1 : 0);
    q.addBindValue(toIso(step.startedAt));
    q.addBindValue(orNull(step.expectedMs));
    q.addBindValue(step.result.inverse.isEmpty()
            ? sqlText({})
            : QString::fromUtf8(
                QJsonDocument(maskJson(step.result.inverse, m_secrets).toObject()).toJson(QJsonDocument::Compact)));
    q.addBindValue(step.iteration);
    if (!execWrite(q))
        return failWith(
            QStringLiteral("cannot record the start of step %1: %2").arg(mask(step.stepId), q.lastError().text()),
            qint64(-1));
    const qint64 row = q.lastInsertId().toLongLong();
    stepHook(step, true);
    return row;
}

bool RunJournal::endStep(qint64 stepRowId, const StepResult& result, qint64 durationMs)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(
        QStringLiteral("UPDATE steps SET ended_at = ?, duration_ms = ?, outcome = ?, exit_code = ?, sqlstate = ?, "
                       "error = ?, output = ?, affected_rows = ?, inverse = ?, captures = ? WHERE id = ?"));
    q.addBindValue(toIso({}));
    q.addBindValue(durationMs);
    q.addBindValue(stepOutcomeName(result.outcome));
    q.addBindValue(result.exitCode >= 0 ? QVariant(result.exitCode) : QVariant());
    q.addBindValue(sqlText(result.sqlstate));
    q.addBindValue(sqlText(head(mask(result.error), maxErrorChars)));
    // Mask before cutting, so the cut can never leave a fragment of a secret behind.
    q.addBindValue(sqlText(tail(mask(result.output), maxOutputChars)));
    q.addBindValue(result.affectedRows >= 0 ? QVariant(result.affectedRows) : QVariant());
    q.addBindValue(result.inverse.isEmpty()
            ? sqlText({})
            : QString::fromUtf8(
                QJsonDocument(maskJson(result.inverse, m_secrets).toObject()).toJson(QJsonDocument::Compact)));
    q.addBindValue(sqlText(capturesJson(result, m_secrets)));
    q.addBindValue(stepRowId);
    if (!execWrite(q))
        return fail(
            QStringLiteral("cannot record the end of step row %1: %2").arg(stepRowId).arg(q.lastError().text()));
    if (q.numRowsAffected() != 1)
        return fail(QStringLiteral("no step row %1 in the journal").arg(stepRowId));
    return true;
}

bool RunJournal::recordLoopRows(qint64 stepRowId, const QList<LoopRow>& rows)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    QJsonArray array;
    for (const LoopRow& row : rows)
        array.append(rowJson(row, m_secrets));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE steps SET loop_rows = ? WHERE id = ?"));
    q.addBindValue(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
    q.addBindValue(stepRowId);
    if (!execWrite(q) || q.numRowsAffected() != 1)
        return fail(QStringLiteral("cannot record the rows of the loop of step row %1: %2").arg(stepRowId).arg(q.lastError().text()));
    return true;
}

qint64 RunJournal::beginIteration(qint64 stepRowId, int index, const LoopRow& item)
{
    if (!isOpen())
        return failWith(QStringLiteral("the journal is not open"), qint64(-1));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("INSERT INTO step_iterations (step_row_id, iteration, item, started_at, outcome) VALUES (?, ?, ?, ?, 'running')"));
    q.addBindValue(stepRowId);
    q.addBindValue(index);
    q.addBindValue(QString::fromUtf8(QJsonDocument(rowJson(item, m_secrets)).toJson(QJsonDocument::Compact)));
    q.addBindValue(toIso({}));
    if (!execWrite(q))
        return failWith(QStringLiteral("cannot record the start of iteration %1 of step row %2: %3").arg(index).arg(stepRowId).arg(q.lastError().text()),
            qint64(-1));
    return q.lastInsertId().toLongLong();
}

bool RunJournal::endIteration(qint64 iterationRowId, const StepResult& result, qint64 durationMs)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE step_iterations SET ended_at = ?, duration_ms = ?, outcome = ?, error = ?, output = ? WHERE id = ?"));
    q.addBindValue(toIso({}));
    q.addBindValue(durationMs);
    q.addBindValue(stepOutcomeName(result.outcome));
    q.addBindValue(sqlText(head(mask(result.error), maxErrorChars)));
    q.addBindValue(sqlText(tail(mask(result.output), maxOutputChars)));
    q.addBindValue(iterationRowId);
    if (!execWrite(q) || q.numRowsAffected() != 1)
        return fail(QStringLiteral("cannot record the end of iteration row %1: %2").arg(iterationRowId).arg(q.lastError().text()));
    return true;
}

qint64 RunJournal::openWindow(
    const QString& runId, const QString& kind, const QString& source, const QDateTime& startedAt)
{
    if (!isOpen())
        return failWith(QStringLiteral("the journal is not open"), qint64(-1));
    if (kind != QLatin1String("writes") && kind != QLatin1String("reads"))
        return failWith(QStringLiteral("unknown downtime kind '%1' (writes or reads)").arg(kind), qint64(-1));
    if (source != QLatin1String("runbook-marker") && source != QLatin1String("probe"))
        return failWith(
            QStringLiteral("unknown downtime source '%1' (runbook-marker or probe)").arg(source), qint64(-1));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("INSERT INTO downtime_windows (run_id, kind, source, started_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(runId);
    q.addBindValue(kind);
    q.addBindValue(source);
    q.addBindValue(toIso(startedAt));
    if (!execWrite(q))
        return failWith(QStringLiteral("cannot record a downtime window: %1").arg(q.lastError().text()), qint64(-1));
    return q.lastInsertId().toLongLong();
}

bool RunJournal::closeWindow(qint64 windowRowId, std::optional<qint64> durationMs, const QDateTime& endedAt)
{
    if (!isOpen())
        return fail(QStringLiteral("the journal is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE downtime_windows SET ended_at = ?, duration_ms = COALESCE(?, "
                             "CAST(ROUND((julianday(?) - julianday(started_at)) * 86400000.0) AS INTEGER)) WHERE id = "
                             "? AND ended_at IS NULL"));
    const QString end = toIso(endedAt);
    q.addBindValue(end);
    q.addBindValue(orNull(durationMs));
    q.addBindValue(end);
    q.addBindValue(windowRowId);
    if (!execWrite(q))
        return fail(QStringLiteral("cannot close downtime window %1: %2").arg(windowRowId).arg(q.lastError().text()));
    if (q.numRowsAffected() != 1)
        return fail(QStringLiteral("no open downtime window %1 in the journal").arg(windowRowId));
    return true;
}

qint64 RunJournal::addEvent(const QString& runId, const QString& text, qint64 stepRowId)
{
    if (!isOpen())
        return failWith(QStringLiteral("the journal is not open"), qint64(-1));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("INSERT INTO events (run_id, step_row_id, at, text) VALUES (?, ?, ?, ?)"));
    q.addBindValue(runId);
    q.addBindValue(stepRowId > 0 ? QVariant(stepRowId) : QVariant());
    q.addBindValue(toIso({}));
    q.addBindValue(sqlText(head(mask(text), maxErrorChars)));
    if (!execWrite(q))
        return failWith(QStringLiteral("cannot record an event: %1").arg(q.lastError().text()), qint64(-1));
    return q.lastInsertId().toLongLong();
}

QList<RunSummary> RunJournal::runs(int limit, bool* ok) const
{
    QList<RunSummary> out;
    if (ok)
        *ok = false;
    if (!isOpen()) {
        fail(QStringLiteral("the journal is not open"));
        return out;
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM runs r ORDER BY r.started_at DESC, r.id DESC LIMIT ?")
                  .arg(QLatin1String(kRunColumns)));
    bindRunColumns(q);
    q.addBindValue(limit < 0 ? -1 : limit);
    if (!q.exec()) {
        fail(QStringLiteral("cannot list runs: %1").arg(q.lastError().text()));
        return out;
    }
    while (q.next()) {
        out.append(readRun(q));
        if (m_orphans.contains(out.last().id))
            out.last().outcome = RunOutcome::Interrupted;
    }
    if (ok)
        *ok = true;
    return out;
}

QString RunJournal::resolveRunId(const QString& idOrLast, QString* error) const
{
    const auto report = [&](const QString& message) {
        m_lastError = message;
        if (error)
            *error = message;
        return QString();
    };
    if (!isOpen())
        return report(QStringLiteral("the journal is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (idOrLast == QLatin1String("last")) {
        if (!q.exec(QStringLiteral("SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1")))
            return report(q.lastError().text());
        if (!q.next())
            return report(QStringLiteral("the journal %1 holds no runs yet").arg(m_path));
        return q.value(0).toString();
    }
    if (idOrLast.isEmpty())
        return report(QStringLiteral("no run given (a run id or \"last\")"));
    q.prepare(QStringLiteral("SELECT id FROM runs WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 6"));
    q.addBindValue(idOrLast.size());
    q.addBindValue(idOrLast);
    if (!q.exec())
        return report(q.lastError().text());
    QStringList matches;
    while (q.next())
        matches << q.value(0).toString();
    if (matches.contains(idOrLast))
        return idOrLast;
    if (matches.size() == 1)
        return matches.first();
    if (matches.isEmpty())
        return report(
            QStringLiteral("no run '%1' in the journal %2 (see `runbook-console runs`)").arg(idOrLast, m_path));
    return report(QStringLiteral("'%1' matches several runs (%2%3); give more of the id")
                      .arg(idOrLast, matches.mid(0, 5).join(QStringLiteral(", ")),
                          matches.size() > 5 ? QStringLiteral(", ...") : QString()));
}

std::optional<RunDetail> RunJournal::run(const QString& idOrLast, QString* error) const
{
    const QString id = resolveRunId(idOrLast, error);
    if (id.isEmpty())
        return std::nullopt;
    const auto report = [&](const QString& message) {
        m_lastError = message;
        if (error)
            *error = message;
        return std::nullopt;
    };
    RunDetail d;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM runs r WHERE r.id = ?").arg(QLatin1String(kRunColumns)));
    bindRunColumns(q);
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return report(QStringLiteral("cannot read run %1: %2").arg(id, q.lastError().text()));
    d.run = readRun(q);
    const bool orphan = m_orphans.contains(id);
    if (orphan)
        d.run.outcome = RunOutcome::Interrupted;

    q.prepare(QStringLiteral(
        "SELECT id, seq, phase, step_id, title, kind, node, attempt, is_rollback, started_at, ended_at, duration_ms, "
        "outcome, exit_code, sqlstate, error, output, affected_rows, expected_ms, inverse%1 "
        "FROM steps WHERE run_id = ? ORDER BY seq")
                  .arg(QString(m_schema >= 3 ? QStringLiteral(", captures") : QString())
                      + (m_schema >= 4 ? QStringLiteral(", loop_rows, iteration") : QString())));
    q.addBindValue(id);
    if (!q.exec())
        return report(QStringLiteral("cannot read the steps of run %1: %2").arg(id, q.lastError().text()));
    while (q.next()) {
        StepRecord s;
        s.rowId = q.value(0).toLongLong();
        s.runId = id;
        s.seq = q.value(1).toInt();
        s.phase = q.value(2).toString();
        s.stepId = q.value(3).toString();
        s.title = q.value(4).toString();
        s.kind = q.value(5).toString();
        s.node = q.value(6).toString();
        s.attempt = q.value(7).toInt();
        s.isRollback = q.value(8).toInt() != 0;
        s.startedAt = fromIso(q.value(9));
        s.endedAt = fromIso(q.value(10));
        s.durationMs = optionalInt(q, 11);
        s.result.outcome = stepOutcomeFromName(q.value(12).toString());
        s.result.exitCode = q.isNull(13) ? -1 : q.value(13).toInt();
        s.result.sqlstate = q.value(14).toString();
        s.result.error = q.value(15).toString();
        s.result.output = q.value(16).toString();
        s.result.affectedRows = q.isNull(17) ? -1 : q.value(17).toLongLong();
        s.expectedMs = optionalInt(q, 18);
        const QString inverse = q.value(19).toString();
        if (!inverse.isEmpty())
            s.result.inverse = QJsonDocument::fromJson(inverse.toUtf8()).object();
        if (m_schema >= 3)
            readCaptures(q.value(20).toString(), s.result);
        if (m_schema >= 4) {
            if (!q.isNull(21)) {
                QList<LoopRow> rows;
                for (const QJsonValue& row : QJsonDocument::fromJson(q.value(21).toString().toUtf8()).array())
                    rows.append(rowFromJson(row.toObject()));
                s.loopRows = rows;
            }
            s.iteration = q.value(22).toInt();
        }
        if (orphan && s.result.outcome == StepOutcome::Running)
            s.result.outcome = StepOutcome::Interrupted;
        d.steps.append(s);
    }
    if (m_schema >= 4) {
        q.prepare(QStringLiteral("SELECT i.id, i.step_row_id, i.iteration, i.item, i.started_at, i.ended_at, i.duration_ms, i.outcome, "
                                 "i.error, i.output FROM step_iterations i JOIN steps s ON s.id = i.step_row_id "
                                 "WHERE s.run_id = ? ORDER BY i.id"));
        q.addBindValue(id);
        if (!q.exec())
            return report(QStringLiteral("cannot read the loop iterations of run %1: %2").arg(id, q.lastError().text()));
        QHash<qint64, qsizetype> stepAt;
        for (qsizetype i = 0; i < d.steps.size(); ++i)
            stepAt.insert(d.steps[i].rowId, i);
        while (q.next()) {
            const auto at = stepAt.constFind(q.value(1).toLongLong());
            if (at == stepAt.constEnd())
                continue;
            StepIteration it;
            it.rowId = q.value(0).toLongLong();
            it.index = q.value(2).toInt();
            it.item = rowFromJson(QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object());
            it.startedAt = fromIso(q.value(4));
            it.endedAt = fromIso(q.value(5));
            it.durationMs = optionalInt(q, 6);
            it.outcome = stepOutcomeFromName(q.value(7).toString());
            it.error = q.value(8).toString();
            it.output = q.value(9).toString();
            if (orphan && it.outcome == StepOutcome::Running)
                it.outcome = StepOutcome::Interrupted;
            d.steps[*at].iterations.append(it);
        }
    }
    if (m_schema >= 2) {
        q.prepare(QStringLiteral("SELECT p.step_row_id, p.host, p.process_group, p.start_time FROM step_processes p "
                                 "JOIN steps s ON s.id = p.step_row_id WHERE s.run_id = ? ORDER BY p.id"));
        q.addBindValue(id);
        if (!q.exec())
            return report(QStringLiteral("cannot read the processes of run %1: %2").arg(id, q.lastError().text()));
        while (q.next()) {
            const qint64 row = q.value(0).toLongLong();
            for (StepRecord& s : d.steps)
                if (s.rowId == row)
                    s.processes.append({ q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString() });
        }
    }

    q.prepare(QStringLiteral("SELECT id, kind, source, started_at, ended_at, duration_ms FROM downtime_windows "
                             "WHERE run_id = ? ORDER BY started_at, id"));
    q.addBindValue(id);
    if (!q.exec())
        return report(QStringLiteral("cannot read the downtime of run %1: %2").arg(id, q.lastError().text()));
    while (q.next()) {
        DowntimeWindow w;
        w.rowId = q.value(0).toLongLong();
        w.runId = id;
        w.kind = q.value(1).toString();
        w.source = q.value(2).toString();
        w.startedAt = fromIso(q.value(3));
        w.endedAt = fromIso(q.value(4));
        w.durationMs = optionalInt(q, 5);
        d.windows.append(w);
    }

    q.prepare(QStringLiteral("SELECT id, step_row_id, at, text FROM events WHERE run_id = ? ORDER BY at, id"));
    q.addBindValue(id);
    if (!q.exec())
        return report(QStringLiteral("cannot read the events of run %1: %2").arg(id, q.lastError().text()));
    while (q.next()) {
        JournalEvent e;
        e.rowId = q.value(0).toLongLong();
        e.runId = id;
        e.stepRowId = q.isNull(1) ? -1 : q.value(1).toLongLong();
        e.at = fromIso(q.value(2));
        e.text = q.value(3).toString();
        d.events.append(e);
    }
    return d;
}

QStringList RunJournal::markInterrupted()
{
    QStringList marked;
    if (!isOpen())
        return marked;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    struct Orphan {
        QString id;
        ProcessIdentity owner;
    };
    QList<Orphan> orphans;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(
                QStringLiteral("SELECT id, host, pid, boot_id, process_start FROM runs WHERE outcome = 'running'"))) {
            fail(QStringLiteral("cannot look for interrupted runs: %1").arg(q.lastError().text()));
            return marked;
        }
        while (q.next()) {
            ProcessIdentity owner(
                q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(), q.value(4).toString());
            if (owner.liveness() == ProcessIdentity::Liveness::Gone)
                orphans.append({ q.value(0).toString(), owner });
        }
    }
    for (const Orphan& o : orphans) {
        QSqlQuery q(db);
        // IMMEDIATE: the write lock first, waiting for it (busy timeout) while another process
        // writes. Begun deferred, this transaction read, then turned writer, and SQLite refused that
        // at once ("database is locked") whenever another connection wrote meanwhile.
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            fail(QStringLiteral("cannot mark run %1 interrupted: %2").arg(o.id, q.lastError().text()));
            break;
        }
        // The run ended, at the latest, at its last recorded sign of life.
        q.prepare(QStringLiteral("SELECT MAX(t) FROM ("
                                 " SELECT started_at AS t FROM runs WHERE id = ?"
                                 " UNION ALL SELECT MAX(started_at) FROM steps WHERE run_id = ?"
                                 " UNION ALL SELECT MAX(ended_at) FROM steps WHERE run_id = ?"
                                 " UNION ALL SELECT MAX(started_at) FROM downtime_windows WHERE run_id = ?"
                                 " UNION ALL SELECT MAX(ended_at) FROM downtime_windows WHERE run_id = ?"
                                 " UNION ALL SELECT MAX(at) FROM events WHERE run_id = ?)"));
        for (int i = 0; i < 6; ++i)
            q.addBindValue(o.id);
        QString lastSign;
        if (q.exec() && q.next())
            lastSign = q.value(0).toString();
        q.finish();
        q.prepare(QStringLiteral("UPDATE step_iterations SET outcome = 'interrupted' WHERE outcome = 'running' AND step_row_id IN "
                                 "(SELECT id FROM steps WHERE run_id = ?)"));
        q.addBindValue(o.id);
        bool ok = m_schema < 4 || q.exec();
        q.prepare(QStringLiteral("UPDATE steps SET outcome = 'interrupted' WHERE run_id = ? AND outcome = 'running'"));
        q.addBindValue(o.id);
        ok = ok && q.exec();
        const int steps = ok ? q.numRowsAffected() : 0;
        if (ok) {
            q.prepare(QStringLiteral("UPDATE runs SET outcome = 'interrupted', ended_at = ? "
                                     "WHERE id = ? AND outcome = 'running'"));
            q.addBindValue(lastSign.isEmpty() ? QVariant() : QVariant(lastSign));
            q.addBindValue(o.id);
            ok = q.exec() && q.numRowsAffected() == 1;
        }
        if (ok) {
            q.prepare(QStringLiteral("INSERT INTO events (run_id, at, text) VALUES (?, ?, ?)"));
            q.addBindValue(o.id);
            q.addBindValue(toIso({}));
            q.addBindValue(
                QStringLiteral("interrupted: process %1 on %2 is gone; %3 running step(s) marked interrupted")
                    .arg(o.owner.pid())
                    .arg(o.owner.host())
                    .arg(steps));
            ok = q.exec();
        }
        q.finish();
        if (ok && q.exec(QStringLiteral("COMMIT"))) {
            marked << o.id;
        } else {
            // Someone else (another console opening the same journal) got there first, or the write failed.
            if (q.lastError().isValid())
                fail(QStringLiteral("cannot mark run %1 interrupted: %2").arg(o.id, q.lastError().text()));
            q.finish();
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        }
    }
    return marked;
}
