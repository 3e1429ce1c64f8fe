#pragma once
// The topology as a picture: node cards and replication edges painted by TopologyPainter, the
// selected card ringed. Click or arrow keys select a node (Home/End: first and last); a node whose
// role or version just changed is highlighted for a few seconds, fading.

#include "cluster/topologymodel.h"
#include "topology/topologypainter.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class TopologyGraphView : public QWidget {
    Q_OBJECT
public:
    static constexpr int highlightMs = 5000;

    explicit TopologyGraphView(QWidget* parent = nullptr);
    void setModel(TopologyModel* model);
    QString selectedNode() const { return m_selected; }
    void selectNode(const QString& name);
    const TopologyLayout& currentLayout() const { return m_layout; }
    // 0..1 for a node whose role or version changed within highlightMs, else 0.
    qreal highlightOf(const QString& node) const;

    QSize sizeHint() const override;

signals:
    void nodeSelected(const QString& name);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void relayout();
    void updateAccessibleText();

    QPointer<TopologyModel> m_model;
    TopologySnapshot m_snapshot;
    TopologyLayout m_layout;
    int m_layoutWidth = -1; // the width m_layout was made for
    QString m_selected;
    QTimer m_fade; // repaints while a highlight fades
};
