#include "tariff/ini_document.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace md {

namespace {
// The translation context of this file's messages (lupdate files Tr::tr calls under it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::TariffFile)
};

bool isKeyChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
        || c == u'-' || c == u'.' || c == u'_';
}
} // namespace

QList<IniSection> parseIni(const QByteArray& data, const QString& source)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(data);
    if (decoder.hasError())
        throw InputError(source, 0, Tr::tr("The file is not valid UTF-8 text"));

    QList<IniSection> sections;
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i) + 1;
        QStringView line = lines.at(i);
        if (i == 0 && line.startsWith(QChar(0xFEFF)))
            line = line.mid(1);
        const qsizetype comment = [&] {
            const qsizetype hash = line.indexOf(u'#');
            const qsizetype semi = line.indexOf(u';');
            if (hash < 0)
                return semi;
            return semi < 0 ? hash : std::min(hash, semi);
        }();
        if (comment >= 0)
            line = line.left(comment);
        line = line.trimmed(); // also drops a trailing CR
        if (line.isEmpty())
            continue;

        if (line.front() == u'[') {
            if (line.back() != u']' || line.size() < 3)
                throw InputError(source, lineNo, Tr::tr("A section header must look like [name]"));
            sections.append(IniSection{line.mid(1, line.size() - 2).trimmed().toString(), lineNo, {}});
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq < 0)
            throw InputError(source, lineNo, Tr::tr("Expected \"key = value\", a [section] or a comment"));
        const QStringView key = line.left(eq).trimmed();
        if (key.isEmpty() || !std::all_of(key.begin(), key.end(), isKeyChar))
            throw InputError(source, lineNo,
                             Tr::tr("\"%1\" is not a valid key name").arg(key.toString()));
        if (sections.isEmpty())
            throw InputError(source, lineNo, Tr::tr("\"%1\" appears before any [section]").arg(key.toString()));
        sections.back().entries.append(IniEntry{key.toString(), line.mid(eq + 1).trimmed().toString(), lineNo});
    }
    return sections;
}

} // namespace md
