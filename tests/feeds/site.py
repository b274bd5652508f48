"""A small news site for the feed tests: an RSS and an Atom feed, article pages in five languages, and faults.

Every text here was written for these tests. Each article names Tajikistan, so an instant subscriber to country
TJ gets one alert per article; the articles are about different things, so none is a near-duplicate of another.
"""

from __future__ import annotations

from tests.support.feedserver import Route

EN = (
    "Rogun dam builders finish the second tunnel",
    [
        "DUSHANBE, Tajikistan, March 3. Builders of the Rogun hydropower plant in Tajikistan finished the second "
        "diversion tunnel on Monday, the plant's management said in a statement to the press.",
        "The tunnel will carry the Vakhsh river around the rising dam while the embankment grows by another forty "
        "metres this year, engineers told visiting reporters at the construction site.",
        "The government expects the third turbine to start next spring and plans to sell summer surplus "
        "electricity to neighbouring countries through new transmission lines.",
    ],
)
RU = (
    "На Нурекской ГЭС заменили четвёртый гидроагрегат",
    [
        "Душанбе, 4 марта. На Нурекской ГЭС в Таджикистане завершили замену четвёртого гидроагрегата, сообщили "
        "в пресс-службе энергокомпании страны во вторник.",
        "Новый агрегат мощностью 375 мегаватт прошёл испытания под нагрузкой, и станция вернула его в работу "
        "раньше срока, отметили инженеры, которые проводили монтаж оборудования.",
        "Модернизация станции продлится ещё три года, после неё выработка электроэнергии вырастет почти на "
        "десятую часть, а зимние отключения в регионах станут реже.",
    ],
)
KK = (
    "Қазақстан мен Тәжікстан электр энергиясын алмасу туралы келісті",
    [
        "Астана, 5 наурыз. Қазақстан мен Тәжікстан энергетика министрлері жазғы маусымда электр энергиясын "
        "алмасу туралы келісімге қол қойды, деп хабарлады министрліктің баспасөз қызметі.",
        "Келісім бойынша Тәжікстан жазда артық су электр энергиясын жеткізеді, ал Қазақстан қыста көмір "
        "станцияларынан қуат береді, бұл екі елдің желісін тұрақтандырады.",
        "Министрлер өңірлік энергетикалық нарықты дамыту және жаңа электр беру желілерін салу мәселелерін де "
        "талқылады, келесі кездесу күзде Душанбеде өтеді.",
    ],
)
KY = (
    "Кыргызстан менен Тажикстан чек арадагы электр линиясын калыбына келтирет",
    [
        "Бишкек, 6-март. Кыргызстан менен Тажикстан чек арадагы эски электр берүү линиясын калыбына келтирүү "
        "боюнча макулдашууга келишти, деп билдирди энергетика министрлигинин басма сөз кызматы.",
        "Линия оңдолгондон кийин эки өлкө кыш мезгилинде бири-бирине электр энергиясын берүүнү кайра баштайт, "
        "бул Баткен облусундагы айылдардын жарык менен камсыз болушун жакшыртат.",
        "Иштер жайында башталат жана күзгө чейин аяктайт, каражатты эки тарап тең бөлүштүрүп төлөйт, деп "
        "белгиленди министрликтин маалыматында.",
    ],
)
TG = (
    "Тоҷикистон нерӯгоҳи нави офтобӣ месозад",
    [
        "Душанбе, 7 март. Дар вилояти Суғди Тоҷикистон сохтмони нерӯгоҳи нави офтобӣ бо иқтидори 200 мегаватт "
        "оғоз шуд, хабар дод хадамоти матбуоти вазорати энергетика ва захираҳои об.",
        "Нерӯгоҳ дар ду соли оянда ба кор медарояд ва дар фасли зимистон, вақте ки истеҳсоли барқ дар "
        "нерӯгоҳҳои обӣ кам мешавад, ба шабакаи умумии кишвар барқ медиҳад.",
        "Лоиҳаро ширкатҳои хориҷӣ маблағгузорӣ мекунанд ва дар сохтмон зиёда аз панҷсад нафар сокинони маҳаллӣ "
        "ба кор ҷалб карда мешаванд.",
    ],
)


def page(title: str, paragraphs: list[str], *, lang: str, charset: str = "utf-8", author: str = "") -> bytes:
    meta_author = f'<meta name="author" content="{author}">' if author else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title} | Test Wire</title>{meta_author}'
        f'<meta property="og:site_name" content="Test Wire"></head><body>'
        f'<nav><a href="/">Home</a> <a href="/about">About</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>All rights reserved. Test Wire.</footer></body></html>"
    )
    return html.encode(charset)


def rss(base: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """RSS 2.0 with items (guid, link path, title, RFC 822 date)."""
    body = "".join(
        f"<item><title>{title}</title><link>{base}{link}</link><guid isPermaLink=\"false\">{guid}</guid>"
        f"<pubDate>{when}</pubDate><description>Short teaser.</description></item>"
        for guid, link, title, when in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire RSS</title>'
            f"<link>{base}/</link><description>News</description>{body}</channel></rss>").encode()


def atom(base: str, entries: list[tuple[str, str, str, str]]) -> bytes:
    """Atom 1.0 with entries (id, link path, title, RFC 3339 date)."""
    body = "".join(
        f'<entry><id>{entry_id}</id><title>{title}</title><link href="{base}{link}"/>'
        f"<updated>{when}</updated><summary>Short teaser.</summary></entry>"
        for entry_id, link, title, when in entries
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Qazaq Energy Atom</title><id>tag:kz.test,2026:feed</id><updated>2026-03-07T00:00:00Z</updated>"
            f"{body}</feed>").encode()


RSS_ITEMS = [
    ("en-1", "/go/en", EN[0], "Tue, 03 Mar 2026 09:00:00 GMT"),
    ("ru-1", "/news/ru.html", RU[0], "Wed, 04 Mar 2026 09:00:00 GMT"),
    ("ky-1", "/news/ky.html", KY[0], "Fri, 06 Mar 2026 09:00:00 GMT"),
    ("private-1", "/private/secret.html", "Internal", "Fri, 06 Mar 2026 10:00:00 GMT"),
    ("pdf-1", "/files/report.pdf", "Annual report", "Fri, 06 Mar 2026 11:00:00 GMT"),
]
ATOM_ENTRIES = [
    ("tag:kz.test,2026:kk-1", "/news/kk.html", KK[0], "2026-03-05T09:00:00Z"),
    ("tag:kz.test,2026:huge-1", "/news/huge.html", "Huge", "2026-03-05T10:00:00Z"),
    ("tag:kz.test,2026:loop-1", "/loop/a", "Loop", "2026-03-05T11:00:00Z"),
]
TG_ENTRY = ("tag:kz.test,2026:tg-1", "/news/tg.html", TG[0], "2026-03-07T09:00:00Z")
MAX_BYTES = 200_000  # the tests' size cap; the huge page is larger
# The slow feed answers after this long, the poll tests give up after TIMEOUT_SECONDS: far apart, so that a loaded
# machine does not blur them (other requests get the same timeout and need milliseconds).
TIMEOUT_SECONDS = 3.0
SLOW_SECONDS = 20.0


def site(base: str) -> dict[str, Route]:
    """Every route of the test site (the base URL goes into the feeds' links)."""
    return {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/rss.xml": Route(rss(base, RSS_ITEMS), content_type="application/rss+xml", etag='"r1"'),
        "/atom.xml": Route(atom(base, ATOM_ENTRIES), content_type="application/atom+xml", etag='"a1"'),
        "/broken.xml": Route(b"oops", status=500, content_type="text/plain"),
        "/slow.xml": Route(rss(base, []), content_type="application/rss+xml", delay=SLOW_SECONDS),
        "/go/en": Route(status=301, headers={"Location": "/news/en.html"}),
        "/news/en.html": Route(page(*EN, lang="en", author="Jane Doe")),
        # cp1251 bytes that the server calls UTF-8
        "/news/ru.html": Route(page(*RU, lang="ru", charset="cp1251")),
        # UTF-8 bytes that the server calls windows-1251
        "/news/ky.html": Route(page(*KY, lang="ky"), content_type="text/html; charset=windows-1251"),
        "/news/kk.html": Route(page(*KK, lang="kk")),
        "/news/tg.html": Route(page(*TG, lang="tg")),
        "/news/huge.html": Route(b"<html><body>" + b"<p>filler text</p>" * 40_000 + b"</body></html>"),
        "/loop/a": Route(status=302, headers={"Location": "/loop/b"}),
        "/loop/b": Route(status=302, headers={"Location": "/loop/a"}),
        "/files/report.pdf": Route(b"%PDF-1.4 fake", content_type="application/pdf"),
        "/private/secret.html": Route(page("Internal", ["Not for robots."], lang="en")),
    }
