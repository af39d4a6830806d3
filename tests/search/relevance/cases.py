"""The relevance test set: documents and the queries that must find them.

Facts from NKHR's own material (activity report 2024); prose written for the test.
Each document is an English publication with a Korean translation; ``QUERIES`` lists
(locale, query, slugs that must be in the results, slugs that must not be).
"""

DOCUMENTS = {
    "forced-repatriation": {
        "en": {
            "title": "Stop the forced repatriation of North Korean escapees from China",
            "summary": "Statement urging China to respect non-refoulement.",
        },
        "ko": {
            "title": "중국 내 탈북민 강제송환을 중단하라",
            "summary": "중국 정부는 강제 송환 금지 원칙을 지켜야 한다.",
        },
    },
    "spaced-repatriation": {
        "en": {
            "title": "Refoulement cases documented in 2024",
            "summary": "Testimonies of escapees sent back across the border.",
        },
        "ko": {
            "title": "2024년 강제 송환 사례 기록",
            "summary": "국경을 넘어 되돌려 보내진 탈북민들의 증언.",
        },
    },
    "human-rights-violations": {
        "en": {
            "title": "Human rights violations in North Korean detention facilities",
            "summary": "Research report on torture and forced labour in prisons.",
        },
        "ko": {
            "title": "북한 구금시설 인권침해 실태",
            "summary": "교화소의 고문과 강제노동에 관한 연구 보고서.",
        },
    },
    "rights-education": {
        "en": {
            "title": "Human rights education for young people",
            "summary": "Our youth programme on reporting and documenting abuses.",
        },
        "ko": {
            "title": "청소년 인권 교육",
            "summary": "인권을 배우고 인권의 가치를 기록하는 청소년 프로그램.",
        },
    },
    "abductees": {
        "en": {
            "title": "Families of abductees and detainees",
            "summary": "Campaign for the return of South Koreans abducted after 1953.",
        },
        "ko": {
            "title": "납북자와 억류자 가족",
            "summary": "전후 납북된 국민의 송환을 위한 캠페인.",
        },
    },
    # Korean written against Latin letters and digits, as Korean press and NKHR's
    # own reports do: UN인권이사회, NKHR의, 2024년.
    "upr-submission": {
        "en": {
            "title": "NKHR's submission to the Universal Periodic Review of the DPRK",
            "summary": "Recommendations on financial links and arbitrary detention.",
        },
        "ko": {
            "title": "UN인권이사회에 제출한 NKHR의 보편적 정례인권검토 의견서",
            "summary": "2024년 제4차 UPR을 앞두고 자의적 구금에 대해 권고했다.",
        },
    },
}

QUERIES = [
    ("en", "forced repatriation", ["forced-repatriation"], ["rights-education"]),
    ("en", "repatriated", ["forced-repatriation"], []),
    ("en", "violation", ["human-rights-violations"], ["abductees"]),
    ("en", "reports", ["human-rights-violations"], []),
    ("en", "abductees", ["abductees"], ["forced-repatriation"]),
    ("ko", "인권", ["human-rights-violations", "rights-education"], ["abductees"]),
    ("ko", "인권을", ["rights-education", "human-rights-violations"], []),
    ("ko", "인권침해", ["human-rights-violations"], ["abductees"]),
    # 강제노동 (forced labour) shares 강제 but is not 강제송환.
    (
        "ko",
        "강제송환",
        ["forced-repatriation", "spaced-repatriation"],
        ["human-rights-violations"],
    ),
    ("ko", "강제 송환", ["forced-repatriation", "spaced-repatriation"], []),
    ("ko", "납북자", ["abductees"], ["rights-education"]),
    ("ko", "탈북민", ["forced-repatriation", "spaced-repatriation"], ["abductees"]),
    # 및 (and) is a word of its own in the query, never in the index.
    ("ko", "탈북민 및 강제송환", ["forced-repatriation", "spaced-repatriation"], []),
    ("ko", "인권이사회", ["upr-submission"], ["rights-education"]),
    ("ko", "UN인권이사회", ["upr-submission"], ["human-rights-violations"]),
    ("ko", "NKHR", ["upr-submission"], ["abductees"]),
    ("ko", "NKHR의 의견서", ["upr-submission"], ["abductees"]),
    ("ko", "UPR", ["upr-submission"], ["forced-repatriation"]),
    ("ko", "2024년", ["upr-submission", "spaced-repatriation"], ["abductees"]),
]
