#pragma once
// Turns SIGINT and SIGTERM into a Qt signal on the thread that owns the watcher, for commands that
// run an event loop until the user stops them. The previous handlers come back on destruction.

#include <QObject>
#include <memory>

class QSocketNotifier;

class InterruptWatcher : public QObject {
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject* parent = nullptr);
    ~InterruptWatcher() override;

signals:
    void interrupted();

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};
