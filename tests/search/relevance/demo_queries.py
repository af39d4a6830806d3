"""Queries a researcher types on the demo site, with the page they expect on
the first results page (``search.services.PER_PAGE`` results).

(language of the site, query, slug of the expected page). The slugs are the demo
content's (``nkhr_pages/fixtures/demo/``); English and Korean pages share them.
"""

# Media coverage pages (their slugs are long).
YTN_PART_3 = "2024-12-15-ytn-expendable-human-beings-part-3-forced-repatriation-and"
YONHAP_60_ESCAPEES = (
    "2024-05-09-yonhap-news-agency-international-human-rights-organization"
)
VOA_SALMON = "2024-02-22-voice-of-america-voa-north-korean-human-rights-group-send-a"
YONHAP_MEDAL = "2024-10-23-yonhap-news-agency-deputy-director-joanna-hosaniak-was-awar"

EN = [
    # Titles and partial titles
    ("en", "Made in China", "made-in-china-report"),
    ("en", "made in china report", "made-in-china-report"),
    ("en", "MADE IN CHINA supply chain", "made-in-china"),
    ("en", "made-in-china", "made-in-china-report"),
    ("en", "global supply chain slavery", "made-in-china-report"),
    ("en", "activity report 2024", "activity-report-2024"),
    ("en", "2024 activity report", "activity-report-2024"),
    ("en", "activity reports", "activity-report-2024"),
    ("en", "2023 activity report", "activity-report-2023"),
    ("en", "stakeholder report UPR", "upr-submission-dprk-2024"),
    ("en", "Universal Periodic Review of China", "china-upr-submission"),
    ("en", "open letter forced repatriation", "open-letter-forced-repatriation"),
    ("en", "joint letter world refugee day", "joint-letter-world-refugee-day"),
    ("en", "World Refugee Day", "joint-letter-world-refugee-day"),
    ("en", "enforced disappearance bill", "joint-letter-enforced-disappearance-bill"),
    ("en", "accountability mechanism", "joint-letter-accountability-mechanism"),
    # Topics
    ("en", "forced repatriation", "open-letter-forced-repatriation"),
    ("en", "repatriation", "open-letter-forced-repatriation"),
    ("en", "refugees in China", "refugee-protection"),
    ("en", "political prison camps", "history"),
    ("en", "prison camps", "made-in-china-report"),
    ("en", "UPR", "upr-submission-dprk-2024"),
    ("en", "China UPR", "china-upr-submission"),
    ("en", "abductees", "day-of-remembrance-abductees-2024"),
    ("en", "enforced disappearances", "enforced-disappearances"),
    ("en", "refugee rescue", "refugee-rescue"),
    ("en", "refugees", "refugee-protection"),
    ("en", "defectors", "identifying-vulnerable-defectors"),
    ("en", "wigs eyelashes forced labour", "made-in-china"),
    ("en", "kyohwaso", "made-in-china-report"),
    ("en", "crimes against humanity accountability", "legal-accountability"),
    ("en", "special rapporteur slavery", "submission-special-rapporteur-slavery"),
    ("en", "UN advocacy", "un-advocacy"),
    # Newsletters and programmes
    ("en", "newsletter", "newsletters"),
    ("en", "FNN", "fnn-2024-winter"),
    ("en", "FNN spring 2024", "fnn-2024-spring"),
    ("en", "Hanawon weekend school", "hanawon-weekend-school"),
    ("en", "Hanawon", "hanawon-weekend-school"),
    ("en", "mentoring", "firefly-mentoring"),
    ("en", "scholarship", "scholarships"),
    ("en", "art therapy", "art-therapy"),
    ("en", "escape room", "denbaram-mapharam-escape-room"),
    ("en", "NK Avengers", "youth-network"),
    ("en", "Bureora Mapharam", "phurora-mapharam"),
    ("en", "three forget-me-not concert", "healing-concert-2024"),
    ("en", "forget me not concert", "healing-concert-2024"),
    ("en", "Osan air base", "osan-air-base-testimonies"),
    # Outlets and people
    ("en", "YTN", YTN_PART_3),
    ("en", "Yonhap", YONHAP_60_ESCAPEES),
    ("en", "Voice of America", VOA_SALMON),
    ("en", "Joanna Hosaniak medal", YONHAP_MEDAL),
    ("en", "Ji-Yoon Lee", "china-upr-expert-meeting"),
    ("en", "Elizabeth Salmon", "meeting-elizabeth-salmon"),
    ("en", "Volker Turk", "joint-letter-high-commissioner"),
    ("en", "Cho Tae-yul", "joint-letter-minister-cho"),
    ("en", "Tomoya Obokata", "submission-special-rapporteur-slavery"),
    ("en", "Partners in Justice International", "legal-accountability"),
    # Words inside the PDFs only (the demo PDFs carry the publication's date)
    ("en", "29 November 2024 supply chain", "made-in-china-report"),
    # Spelling variants, typos, plural and singular, hyphenation, case
    ("en", "Salmón", "meeting-elizabeth-salmon"),
    ("en", "Türk", "joint-letter-high-commissioner"),
    ("en", "repatriaton", "open-letter-forced-repatriation"),
    ("en", "abductess", "day-of-remembrance-abductees-2024"),
    ("en", "scholarhsips", "scholarships"),
    ("en", "Hosaniac", YONHAP_MEDAL),
    ("en", "enforced dissapearance", "enforced-disappearances"),
    ("en", "joint letters", "joint-letter-hrc55"),
    ("en", "workshop", "workshops-vulnerable-defectors"),
    ("en", "co-operation", "meeting-ambassador-julie-turner"),
    ("en", "cosigned letter", "joint-letter-accountability-mechanism"),
    ("en", "nonrefoulement", "china-upr-expert-meeting"),
    ("en", "non refoulement", "china-upr-expert-meeting"),
    ("en", "U.N. advocacy", "un-advocacy"),
    ("en", "NKHR's activity report", "activity-report-2024"),
    ("en", "forced-repatriation", "open-letter-forced-repatriation"),
]

KO = [
    # Titles and partial titles
    ("ko", "메이드 인 차이나", "made-in-china-report"),
    ("ko", "메이드인차이나", "made-in-china-report"),
    ("ko", "2024 활동보고서", "activity-report-2024"),
    ("ko", "2024년 활동 보고서", "activity-report-2024"),
    ("ko", "2024 연례 활동 보고서", "activity-report-2024"),
    ("ko", "활동보고서 2023", "activity-report-2023"),
    ("ko", "외교부 장관 공개서한", "open-letter-forced-repatriation"),
    ("ko", "세계 난민의 날", "joint-letter-world-refugee-day"),
    ("ko", "난민의날", "joint-letter-world-refugee-day"),
    ("ko", "이해관계자 보고서", "upr-submission-dprk-2024"),
    ("ko", "책임 규명 메커니즘", "joint-letter-accountability-mechanism"),
    ("ko", "강제실종 처벌 법안", "joint-letter-enforced-disappearance-bill"),
    # Topics, spacing and particles
    ("ko", "강제송환", "open-letter-forced-repatriation"),
    ("ko", "강제 송환", "open-letter-forced-repatriation"),
    ("ko", "강제송환을", "open-letter-forced-repatriation"),
    ("ko", "중국 강제송환", "refugee-protection"),
    ("ko", "중국에서 강제송환", "refugee-protection"),
    ("ko", "중국 내 탈북 난민", "refugee-protection"),
    ("ko", "탈북난민", "refugee-rescue"),
    ("ko", "정치범수용소", "about"),
    ("ko", "정치범 수용소", "about"),
    ("ko", "북한이탈주민", "about"),
    ("ko", "북한 이탈 주민", "about"),
    ("ko", "UPR", "upr-submission-dprk-2024"),
    ("ko", "보편적 정례검토", "upr-submission-dprk-2024"),
    ("ko", "보편적정례검토", "upr-submission-dprk-2024"),
    ("ko", "중국 UPR", "china-upr-submission"),
    ("ko", "납북자", "day-of-remembrance-abductees-2024"),
    ("ko", "납북자 기억의 날", "day-of-remembrance-abductees-2024"),
    ("ko", "강제실종", "enforced-disappearances"),
    ("ko", "강제 실종", "enforced-disappearances"),
    ("ko", "반인도범죄", "joint-letter-accountability-mechanism"),
    ("ko", "교화소 강제노동", "made-in-china-report"),
    ("ko", "가발", "made-in-china"),
    ("ko", "노예제 특별보고관", "submission-special-rapporteur-slavery"),
    ("ko", "북한인권 국제심포지엄", "international-symposium-2024"),
    ("ko", "북한 인권 국제 심포지엄", "international-symposium-2024"),
    ("ko", "유엔 옹호활동", "un-advocacy"),
    ("ko", "유엔 옹호 활동", "un-advocacy"),
    # Mixed scripts
    ("ko", "UN인권이사회", "joint-letter-hrc55"),
    ("ko", "NK어벤저스", "youth-network"),
    ("ko", "NK 어벤저스", "youth-network"),
    ("ko", "FNN 봄호", "fnn-2024-spring"),
    ("ko", "PJI", "legal-accountability"),
    # Newsletters and programmes
    ("ko", "소식지", "newsletters"),
    ("ko", "북한인권 소식지", "newsletter-2024-1"),
    ("ko", "하나원", "hanawon-weekend-school"),
    ("ko", "하나원 주말 학교", "hanawon-weekend-school"),
    ("ko", "반딧불 멘토링", "firefly-mentoring"),
    ("ko", "장학금", "scholarships"),
    ("ko", "미술치료", "art-therapy"),
    ("ko", "방탈출", "denbaram-mapharam-escape-room"),
    ("ko", "불어라 마파람", "phurora-mapharam"),
    ("ko", "세 송이 물망초", "healing-concert-2024"),
    ("ko", "물망초 음악회", "healing-concert-2024"),
    ("ko", "위기 탈북민", "identifying-vulnerable-defectors"),
    # Outlets and people
    ("ko", "YTN", YTN_PART_3),
    ("ko", "연합뉴스", YONHAP_60_ESCAPEES),
    ("ko", "미국의소리", VOA_SALMON),
    ("ko", "VOA", VOA_SALMON),
    ("ko", "호사냑 훈장", YONHAP_MEDAL),
    ("ko", "이지윤", "china-upr-expert-meeting"),
    ("ko", "엘리자베스 살몬", "meeting-elizabeth-salmon"),
    ("ko", "조태열 장관", "joint-letter-minister-cho"),
    ("ko", "조태열에게", "joint-letter-minister-cho"),
    ("ko", "오보카타", "submission-special-rapporteur-slavery"),
    # Words inside the PDFs only
    ("ko", "2024년 11월 29일 공급망", "made-in-china-report"),
    # Particles
    ("ko", "납북자들의", "day-of-remembrance-abductees-2024"),
    ("ko", "탈북민을 위한 장학금", "scholarships"),
    ("ko", "하나원에서", "hanawon-weekend-school"),
]

QUERIES = EN + KO
