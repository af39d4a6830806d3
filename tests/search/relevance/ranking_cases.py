"""The ranking set: a page that is *the* answer to a query (its title says so)
among many that mention the words in their summary and body.

A researcher searching "repatriation" wants the campaign of that name on the
first page, above the statements that mention repatriation five times each.
Each document is a page in English with a Korean translation; ``RANKED`` lists
(locale, query, slug, within): the page must be among the first ``within``
results (3 for a title match, 10 for the first results page), and
``AUTOCOMPLETE`` the same for the autocomplete.
"""

import json


def paragraphs(*texts: str) -> str:
    """A StreamField body of paragraphs, as the page's JSON."""
    return json.dumps([{"type": "paragraph", "value": f"<p>{t}</p>"} for t in texts])


# Pages that mention the query words often, in their summary and body: the
# noise a good ranking puts below the title matches.
NOISE = [
    (
        f"statement-{number}",
        {
            "title": f"Statement on detention conditions, part {number}",
            "summary": "Escapees face repatriation; repatriation means torture. "
            "Forced labour and repatriation are reported by every witness.",
            "body": paragraphs(
                "Repatriation, repatriation and again repatriation: the word "
                "recurs in each testimony about the Korean border. " * 3,
                "Families of repatriated escapees told us about repatriation "
                "and detention.",
            ),
        },
        {
            "title": f"구금 환경에 관한 성명 {number}",
            "summary": "탈북민은 강제송환 위험에 처해 있다. 강제송환은 고문으로 "
            "이어지고, 강제노동과 강제송환에 대한 증언이 이어진다.",
            "body": paragraphs(
                "강제송환, 강제송환, 그리고 또 강제송환: 북한 국경에 관한 모든 "
                "증언에 이 말이 나온다. " * 3,
                "강제 송환된 탈북민의 가족들이 송환과 구금에 대해 말했다.",
            ),
        },
    )
    for number in range(1, 15)
]

# The campaign of that name: a short title, a short summary.
CAMPAIGN = (
    "forced-repatriation",
    {
        "title": "Repatriation",
        "summary": "Our campaign to stop China sending escapees back.",
        "body": paragraphs("We brief diplomats and the UN every month."),
    },
    {
        "title": "강제송환",
        "summary": "중국이 탈북민을 돌려보내지 않도록 하는 캠페인.",
        "body": paragraphs("매달 외교관과 유엔에 설명한다."),
    },
)

OTHER_PAGES = [
    (
        "north-korea-report",
        {
            "title": "Korean War abductees and their families",
            "summary": "Testimonies collected since 1996.",
            "body": paragraphs("Interviews with families in Seoul."),
        },
        {
            "title": "북한 인권 실태 보고서",
            "summary": "1996년부터 모은 증언.",
            "body": paragraphs("서울의 가족들과 나눈 면담."),
        },
    ),
    (
        "un-council",
        {
            "title": "Submission to the Human Rights Council",
            "summary": "Our joint submission on arbitrary detention.",
            "body": paragraphs("Recommendations to member states."),
        },
        {
            "title": "UN인권이사회 공동 의견서",
            "summary": "자의적 구금에 관한 공동 의견서.",
            "body": paragraphs("회원국에 대한 권고."),
        },
    ),
]

RANKED = [
    ("en", "repatriation", "forced-repatriation", 3),
    ("ko", "강제송환", "forced-repatriation", 3),
    ("en", "Repatriation campaign", "forced-repatriation", 3),
    ("ko", "북", "north-korea-report", 3),
    ("en", "Korea", "north-korea-report", 10),
    ("en", "korean", "north-korea-report", 10),
    ("ko", "인권이사회", "un-council", 3),
]

AUTOCOMPLETE = [
    ("ko", "UN인", "un-council", 3),
    ("ko", "강제송", "forced-repatriation", 8),
    ("en", "repat", "forced-repatriation", 8),
]
