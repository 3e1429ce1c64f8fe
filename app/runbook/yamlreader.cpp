#include "runbook/yamlreader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>

namespace {

// Thrown from the event handler to stop yaml-cpp at once (too deep, too many nodes, ...).
struct ReadStopped {
    YAML::Mark mark;
    QString message;
};

SourceLocation locationAt(const QByteArray& data, qsizetype offset)
{
    SourceLocation location { 1, 1, 0 };
    for (qsizetype i = 0; i < offset && i < data.size(); ++i) {
        const auto byte = static_cast<unsigned char>(data[i]);
        if (byte == '\n') {
            ++location.line;
            location.column = 1;
        } else if ((byte & 0xC0) != 0x80) { // count characters, not continuation bytes
            ++location.column;
        }
    }
    return location;
}

// Offset of the first byte that is not part of well-formed UTF-8, or -1.
qsizetype firstInvalidUtf8(const QByteArray& data)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.constData());
    const qsizetype size = data.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t codePoint = 0;
        char32_t minimum = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2;
            codePoint = lead & 0x1F;
            minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            codePoint = lead & 0x0F;
            minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            codePoint = lead & 0x07;
            minimum = 0x10000;
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        for (int k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return i;
            codePoint = (codePoint << 6) | (bytes[i + k] & 0x3F);
        }
        if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(const QByteArray& data, const QString& fileName, Diagnostics& diagnostics)
        : m_data(data)
        , m_fileName(fileName)
        , m_diagnostics(diagnostics)
    {
    }

    std::shared_ptr<const YamlNode> root() const { return m_root; }

    void OnDocumentStart(const YAML::Mark& mark) override
    {
        if (m_documents++ > 0)
            throw ReadStopped { mark, QCoreApplication::translate("Validation", "a file holds one YAML document; found another one here") };
    }
    void OnDocumentEnd() override { }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        auto node = newNode(mark, YamlNode::Type::Null);
        remember(anchor, node, true);
        attach(mark, node);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        const auto found = m_anchors.find(anchor);
        if (found == m_anchors.end())
            throw ReadStopped { mark, QCoreApplication::translate("Validation", "alias to an unknown anchor") };
        if (!found->second.complete)
            throw ReadStopped { mark,
                QCoreApplication::translate("Validation", "alias '*%1' refers to a node that contains it").arg(anchorName(anchor)) };
        count(mark, found->second.node->weight);
        attach(mark, found->second.node);
    }

    void OnScalar(
        const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override
    {
        auto node = newNode(mark, YamlNode::Type::Scalar);
        node->scalar = QString::fromStdString(value);
        node->quoted = tag != "?";
        markVerbatim(mark, value, node->location);
        remember(anchor, node, true);
        attach(mark, node);
    }

    void OnSequenceStart(
        const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor, YamlNode::Type::Sequence);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(
        const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor, YamlNode::Type::Map);
    }
    void OnMapEnd() override { close(); }

    void OnAnchor(const YAML::Mark&, const std::string& name) override
    {
        m_pendingAnchorName = QString::fromStdString(name);
    }

private:
    struct OpenNode {
        std::shared_ptr<YamlNode> node;
        YAML::anchor_t anchor = 0;
        bool haveKey = false;
        QString key;
        SourceLocation keyLocation;
    };
    struct Anchor {
        std::shared_ptr<const YamlNode> node;
        bool complete = false;
        QString name;
    };

    static SourceLocation toLocation(const YAML::Mark& mark)
    {
        if (mark.is_null())
            return SourceLocation { 1, 1, 0 };
        return SourceLocation { mark.line + 1, mark.column + 1, 0 };
    }

    std::shared_ptr<YamlNode> newNode(const YAML::Mark& mark, YamlNode::Type type)
    {
        count(mark, 1);
        auto node = std::make_shared<YamlNode>();
        node->type = type;
        node->location = toLocation(mark);
        node->location.file = m_fileName;
        return node;
    }

    void count(const YAML::Mark& mark, qint64 nodes)
    {
        m_total += nodes;
        if (m_total > YamlReader::maximumNodes)
            throw ReadStopped { mark,
                QCoreApplication::translate("Validation", "more than %1 YAML nodes once aliases are expanded; refusing to read further "
                               "(an alias bomb?)")
                    .arg(YamlReader::maximumNodes) };
    }

    // Sets location.textColumn (past an opening quote) when the value is written as-is in the file.
    void markVerbatim(const YAML::Mark& mark, const std::string& value, SourceLocation& location) const
    {
        if (mark.is_null() || mark.pos < 0 || mark.pos >= m_data.size() || value.find('\n') != std::string::npos)
            return;
        const auto size = qsizetype(value.size());
        const QByteArray bytes = QByteArray::fromRawData(value.data(), size);
        if (m_data.mid(mark.pos, size) == bytes) {
            location.textColumn = location.column;
        } else if ((m_data[mark.pos] == '"' || m_data[mark.pos] == '\'') && m_data.mid(mark.pos + 1, size) == bytes) {
            location.textColumn = location.column + 1;
        }
    }

    void remember(YAML::anchor_t anchor, const std::shared_ptr<const YamlNode>& node, bool complete)
    {
        if (anchor == 0) {
            m_pendingAnchorName.clear();
            return;
        }
        m_anchors[anchor] = Anchor { node, complete, m_pendingAnchorName };
        m_pendingAnchorName.clear();
    }

    QString anchorName(YAML::anchor_t anchor) const
    {
        const auto found = m_anchors.find(anchor);
        return found != m_anchors.end() ? found->second.name : QString();
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor, YamlNode::Type type)
    {
        if (!m_stack.empty() && m_stack.back().node->isMap() && !m_stack.back().haveKey)
            throw ReadStopped { mark,
                QCoreApplication::translate("Validation", "a key must be text, not %1")
                    .arg(type == YamlNode::Type::Map ? QCoreApplication::translate("Validation", "a map") : QCoreApplication::translate("Validation", "a list")) };
        if (int(m_stack.size()) >= YamlReader::maximumDepth)
            throw ReadStopped {
                mark,
                QCoreApplication::translate("Validation", "nested deeper than %1 levels; refusing to read further").arg(YamlReader::maximumDepth)
            };
        auto node = newNode(mark, type);
        remember(anchor, node, false);
        m_stack.push_back(OpenNode { node, anchor, false, QString(), SourceLocation() });
    }

    void close()
    {
        OpenNode done = std::move(m_stack.back());
        m_stack.pop_back();
        qint64 weight = 1;
        for (const auto& item : done.node->items)
            weight += item->weight;
        for (const auto& entry : done.node->entries)
            weight += entry.value->weight + 1;
        done.node->weight = weight;
        if (done.anchor != 0)
            m_anchors[done.anchor].complete = true;
        attach(YAML::Mark::null_mark(), done.node);
    }

    void attach(const YAML::Mark& mark, const std::shared_ptr<const YamlNode>& node)
    {
        if (m_stack.empty()) {
            m_root = node;
            return;
        }
        OpenNode& parent = m_stack.back();
        if (parent.node->isSequence()) {
            parent.node->items.push_back(node);
            return;
        }
        if (!parent.haveKey) {
            if (!node->isScalar())
                throw ReadStopped { mark.is_null() ? YAML::Mark() : mark,
                    QCoreApplication::translate("Validation", "a key must be text, not %1").arg(node->typeName()) };
            parent.haveKey = true;
            parent.key = node->scalar;
            parent.keyLocation = node->location;
            return;
        }
        parent.haveKey = false;
        if (const YamlMapEntry* first = parent.node->entry(parent.key)) {
            m_diagnostics.append(Diagnostic { m_fileName, parent.keyLocation,
                QCoreApplication::translate("Validation", "duplicate key '%1' (first given at line %2, column %3)")
                    .arg(parent.key)
                    .arg(first->keyLocation.line)
                    .arg(first->keyLocation.column) });
            return;
        }
        parent.node->entries.push_back(YamlMapEntry { parent.key, parent.keyLocation, node });
    }

    const QByteArray& m_data;
    QString m_fileName;
    Diagnostics& m_diagnostics;
    std::vector<OpenNode> m_stack;
    std::unordered_map<YAML::anchor_t, Anchor> m_anchors;
    QString m_pendingAnchorName;
    std::shared_ptr<const YamlNode> m_root;
    qint64 m_total = 0;
    int m_documents = 0;
};

Diagnostic fileProblem(const QString& fileName, const QString& message, SourceLocation location = { 1, 1, 0 })
{
    return Diagnostic { fileName, location, message };
}

} // namespace

YamlDocument YamlReader::readFile(const QString& path)
{
    YamlDocument document;
    document.fileName = path;
    QFile file(path);
    const QFileInfo info(path);
    if (info.exists() && info.isDir()) {
        document.diagnostics.append(fileProblem(path, QCoreApplication::translate("Validation", "is a directory, not a YAML file")));
        return document;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        document.diagnostics.append(fileProblem(path, QCoreApplication::translate("Validation", "cannot read file: %1").arg(file.errorString())));
        return document;
    }
    // Read one byte past the limit so a huge file is refused without loading all of it.
    const QByteArray data = file.read(maximumFileSize + 1);
    if (file.error() != QFileDevice::NoError) {
        document.diagnostics.append(fileProblem(path, QCoreApplication::translate("Validation", "cannot read file: %1").arg(file.errorString())));
        return document;
    }
    return readData(data, path);
}

std::optional<QString> YamlReader::readTextFile(const QString& path, QString* why)
{
    QFile file(path);
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        // A directory, a device or a pipe (which could block for ever).
        *why = QStringLiteral("not a regular file");
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *why = file.errorString();
        return std::nullopt;
    }
    const QByteArray data = file.read(maximumFileSize + 1);
    if (file.error() != QFileDevice::NoError) {
        *why = file.errorString();
        return std::nullopt;
    }
    if (data.size() > maximumFileSize) {
        *why = QStringLiteral("larger than %1 MiB").arg(maximumFileSize / (1024 * 1024));
        return std::nullopt;
    }
    if (const qsizetype nul = data.indexOf('\0'); nul >= 0) {
        const SourceLocation at = locationAt(data, nul);
        *why = QStringLiteral("a NUL byte at line %1, column %2 (a binary file?)").arg(at.line).arg(at.column);
        return std::nullopt;
    }
    if (const qsizetype bad = firstInvalidUtf8(data); bad >= 0) {
        const SourceLocation at = locationAt(data, bad);
        *why = QStringLiteral("not UTF-8 at line %1, column %2").arg(at.line).arg(at.column);
        return std::nullopt;
    }
    return QString::fromUtf8(data);
}

YamlDocument YamlReader::readData(const QByteArray& data, const QString& fileName)
{
    YamlDocument document;
    document.fileName = fileName;
    if (data.size() > maximumFileSize) {
        document.diagnostics.append(fileProblem(fileName,
            QCoreApplication::translate("Validation", "file is larger than %1 MiB; runbooks and inventories are far smaller")
                .arg(maximumFileSize / (1024 * 1024))));
        return document;
    }
    if (const qsizetype nul = data.indexOf('\0'); nul >= 0) {
        document.diagnostics.append(fileProblem(
            fileName, QCoreApplication::translate("Validation", "file contains a NUL byte; is it a binary file?"), locationAt(data, nul)));
        return document;
    }
    if (const qsizetype bad = firstInvalidUtf8(data); bad >= 0) {
        document.diagnostics.append(fileProblem(fileName,
            QCoreApplication::translate("Validation", "file is not valid UTF-8 (byte 0x%1 at offset %2)")
                .arg(static_cast<unsigned char>(data[bad]), 2, 16, QLatin1Char('0'))
                .arg(bad),
            locationAt(data, bad)));
        return document;
    }

    std::istringstream stream(data.toStdString());
    Diagnostics duplicates;
    TreeBuilder builder(data, fileName, duplicates);
    try {
        YAML::Parser parser(stream);
        if (parser.HandleNextDocument(builder))
            parser.HandleNextDocument(builder);
    } catch (const ReadStopped& stopped) {
        document.diagnostics.append(fileProblem(fileName, stopped.message,
            stopped.mark.is_null() ? SourceLocation { 1, 1, 0 }
                                   : SourceLocation { stopped.mark.line + 1, stopped.mark.column + 1, 0 }));
        return document;
    } catch (const YAML::Exception& error) {
        const SourceLocation location = error.mark.is_null()
            ? SourceLocation { 1, 1, 0 }
            : SourceLocation { error.mark.line + 1, error.mark.column + 1, 0 };
        document.diagnostics.append(fileProblem(
            fileName, QCoreApplication::translate("Validation", "YAML syntax error: %1").arg(QString::fromStdString(error.msg)), location));
        return document;
    } catch (const std::exception& error) {
        document.diagnostics.append(
            fileProblem(fileName, QCoreApplication::translate("Validation", "cannot read YAML: %1").arg(QString::fromUtf8(error.what()))));
        return document;
    }
    document.root = builder.root();
    document.diagnostics = duplicates;
    if (!document.root)
        document.diagnostics.append(fileProblem(fileName,
            QCoreApplication::translate("Validation", "file is empty; expected a runbook ('runbook:' key) or an inventory ('cluster:' key)")));
    return document;
}
