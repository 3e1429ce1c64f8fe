#include "credentials/keychainstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QThread>
#include <functional>
#include <future>
#include <qt6keychain/keychain.h>

namespace {

// A keychain that never answers (a locked collection waiting on a prompt nobody sees) must not
// hang the caller.
constexpr int kAnswerTimeoutMs = 15000;

// libsecret would try to start a session bus of its own (dbus-launch) when there is none: no bus,
// no keychain service, without trying.
bool sessionBusExists()
{
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus"));
}

// QtKeychain queues every job on one executor object, created in the thread that first uses it, and
// expects each job to live and die in that thread too. So every job runs on one thread of ours,
// for the life of the process; callers on any other thread wait for its answer.
QThread* g_keychainThread = nullptr;

void stopKeychainThread()
{
    // Before the application object goes: nothing may still run on that thread afterwards.
    g_keychainThread->quit();
    g_keychainThread->wait(2000);
}

QObject* keychainContext()
{
    static QObject* context = [] {
        g_keychainThread = new QThread;
        g_keychainThread->setObjectName(QStringLiteral("keychain"));
        g_keychainThread->start();
        qAddPostRoutine(stopKeychainThread);
        auto* object = new QObject;
        object->moveToThread(g_keychainThread);
        return object; // kept until the process ends: a job may answer after its caller gave up
    }();
    return context;
}

using Outcome = std::shared_ptr<std::promise<KeychainStore::Result>>;

KeychainStore::Result outcomeOf(QKeychain::Job* job)
{
    KeychainStore::Result r;
    switch (job->error()) {
    case QKeychain::NoError:
        r.status = KeychainStore::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        r.status = KeychainStore::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // libsecret without a Secret Service on the session bus ends in OtherError.
        r.status = KeychainStore::Status::Unavailable;
        break;
    default:
        r.status = KeychainStore::Status::Failed;
        break;
    }
    if (r.status != KeychainStore::Status::Ok && r.status != KeychainStore::Status::NotFound)
        r.message = job->errorString();
    if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(job); read && r.status == KeychainStore::Status::Ok)
        r.password = read->textData();
    return r;
}

// make() runs on the keychain thread and returns a configured job; it is started there and
// deletes itself there once finished.
KeychainStore::Result run(std::function<QKeychain::Job*()> make)
{
    if (!sessionBusExists())
        return { KeychainStore::Status::Unavailable, {}, QCoreApplication::translate("KeychainStore", "no D-Bus session, so no Secret Service") };
    if (QThread::currentThread() == keychainContext()->thread())
        return { KeychainStore::Status::Failed, {}, QStringLiteral("keychain called from its own thread") };
    const Outcome outcome = std::make_shared<std::promise<KeychainStore::Result>>();
    std::future<KeychainStore::Result> answer = outcome->get_future();
    QMetaObject::invokeMethod(keychainContext(), [make, outcome] {
        QKeychain::Job* job = make();
        job->setAutoDelete(true);
        job->setInsecureFallback(false); // never a plaintext file
        QObject::connect(job, &QKeychain::Job::finished, job, [outcome](QKeychain::Job* j) { outcome->set_value(outcomeOf(j)); });
        job->start();
    }, Qt::QueuedConnection);
    if (answer.wait_for(std::chrono::milliseconds(kAnswerTimeoutMs)) != std::future_status::ready)
        return { KeychainStore::Status::Unavailable, {},
            QCoreApplication::translate("KeychainStore", "the keychain did not answer within %1 s").arg(kAnswerTimeoutMs / 1000) };
    return answer.get();
}

} // namespace

namespace KeychainStore {

QString serviceName()
{
    return QStringLiteral("runbook-console");
}

Result read(const QString& key)
{
    return run([key] {
        auto* job = new QKeychain::ReadPasswordJob(serviceName());
        job->setKey(key);
        return job;
    });
}

Result write(const QString& key, const QString& password)
{
    return run([key, password] {
        auto* job = new QKeychain::WritePasswordJob(serviceName());
        job->setKey(key);
        job->setTextData(password);
        return job;
    });
}

Result remove(const QString& key)
{
    return run([key] {
        auto* job = new QKeychain::DeletePasswordJob(serviceName());
        job->setKey(key);
        return job;
    });
}

} // namespace KeychainStore
