# ruff: noqa: E501 - headlines are quoted whole, as the report gives them
"""The organisation's facts, extracted by hand from ``/work/shared/seeds/``
(004 is the 2024 activity report): what the demo site must show, no more.

Dates are ``(iso date, precision)``: ``"2024"`` (year), ``"2024-04"`` (month) or
``"2024-11-26"`` (day); the demo may never give a day the documents do not.
Outlet names follow the site's spelling ("VOA" in the report is "Voice of
America (VOA)", "RFA" is "Radio Free Asia (RFA)", "News 1" is "News1").
"""

# Contact details and accounts (004, last pages).
PHONES = ["+82-2-723-1672", "+82-2-723-2671"]
FAX = "+82-2-723-1671"
EMAIL = "nkhr@naver.com"
INSTAGRAM = ["nkhr_campaign", "nkhr_edu"]
BANK_ACCOUNTS = {
    "071-22-01342-6": "KOEXKRSE",  # Korea Exchange Bank, Seodaemun (abroad)
    "813-01-0235-310": "",  # Kookmin
    "032-01-173694": "",  # Nonghyup
    "111-810021-75205": "",  # Hana
    "142-097009-01-201": "",  # Woori
}
GLOBALGIVING = [
    "https://www.globalgiving.org/projects/learningfreedom/",
    "https://www.globalgiving.org/projects/give-life-and-hope-to-a-north-korean-refugee/",
]

# About (000, 003, 004): years the About page must state.
ABOUT_YEARS = {
    "en": ["1996", "1997", "1999", "2003", "2004", "2013", "2014", "2011"],
    "ko": [
        "1996년",
        "1997년",
        "1999년",
        "2003년",
        "2004년",
        "2013년",
        "2014년",
        "2011년",
    ],
}
ABOUT_NAMES = {
    "en": ["National Endowment for Democracy", "John Diefenbaker"],
    "ko": ["미국민주주의진흥재단(NED)", "존 디펜베이커"],
}
MANDATE_POINTS = 5  # "NKHR endeavors to accomplish these goals in the following ways"

# Campaign pages: slug -> (start, end); None where the documents give no date.
CAMPAIGNS = {
    "made-in-china": (None, None),
    "phurora-mapharam": ("2024", "2024"),
    "un-advocacy": ("1997", None),  # 003: "Since 1997"
    "enforced-disappearances": (None, None),
    "coalitions": (None, None),
    "youth-network": ("2023-11", None),  # NK Avengers, launched November 2023
    "legal-accountability": (None, None),  # Partners in Justice International
    "refugee-protection": (None, None),
}
BUREORA_MAPHARAM_KO = "불어라 마파람"

# Programs: slug -> {year: (participants, sessions)}; figures the report gives.
PROGRAMS = {
    "refugee-rescue": {2024: (8, None)},
    "hanawon-weekend-school": {2024: (21, None)},
    "college-entrance-support": {2024: (2, None)},
    "firefly-mentoring": {2024: (43, None)},  # 22 mentees + 21 mentors
    "humanities-lectures-adult-defectors": {2024: (17, 6)},
    "na-neo-ui": {2024: (25, None)},
    "case-management": {},
    "scholarships": {2024: (20, None)},
    "career-camp-in-search-of-nami": {},
    "identifying-vulnerable-defectors": {2024: (10, None)},
    "warm-heart-volunteer-team": {2024: (80, 5)},
    "art-therapy": {2024: (301, None)},
    "workshops-vulnerable-defectors": {2024: (None, 3)},
    "computer-course": {2024: (318, 39)},
    "eye-care-support": {2024: (35, None)},
    "food-donation-wooyang": {2024: (45, None)},
    "tong-tong-talk-concert": {2024: (None, 9)},
    "denbaram-mapharam-escape-room": {2024: (387, None)},
    "osan-air-base-testimonies": {},
}
PROGRAM_KINDS = {"refugee-rescue": "refugee_support", "art-therapy": "defector_support"}
REFUGEES_RESCUED_IN_ALL = "1,183"

# Events: slug -> (start, end).
EVENTS = {
    "china-upr-expert-meeting": ("2024-01-03", None),
    "youth-town-hall-enforced-disappearances": ("2024-01-19", None),
    "cecc-meeting": ("2024-01-22", None),
    "capitol-hill-meetings": ("2024-01-29", "2024-02-02"),
    "drl-implementers-meeting": ("2024-01-30", "2024-02-01"),
    "next-generation-leaders-round-table": ("2024-01-31", None),
    "meeting-ambassador-julie-turner": ("2024-02-02", None),
    "ndi-visit": ("2024-02-06", None),
    "abductees-response-team-meeting": ("2024-02-27", None),
    "kwafu-meetings": ("2024-04-05", "2024-04-08"),
    "nk-avengers-first-meeting": ("2024-04-11", None),
    "ohchr-roundtable-victims-rights": ("2024-04-29", None),
    "nk-avengers-spring-picnic": ("2024-05-04", None),
    "mofa-press-conference-forced-repatriation": ("2024-05-09", None),
    "mofa-press-conference-accountability": ("2024-05-16", None),
    "unhcr-korea-meeting": ("2024-05-16", None),
    "ohchr-cso-meeting-10-year-report": ("2024-05-23", None),
    "week-of-the-disappeared-2024": ("2024-05-26", None),
    "pji-mission-seoul": ("2024-05-28", "2024-06-03"),
    "iacc-2024": ("2024-06-18", "2024-06-21"),
    "day-of-remembrance-abductees-2024": ("2024-06-28", None),
    "international-symposium-2024": ("2024-07-03", None),
    "uscirf-hearing": ("2024-07-15", None),
    "house-foreign-affairs-briefing": ("2024-07-15", None),
    "ohchr-seoul-visit": ("2024-09-11", None),
    "zoom-in-exhibition-2024": ("2024-09-27", "2024-09-29"),
    "seminar-third-country-born-military-service": ("2024-10-07", None),
    "icpped-conference-moj": ("2024-10-16", None),
    "international-dialogue-geneva-2024": ("2024-10-28", "2024-10-29"),
    "korea-japan-forum-tokyo": ("2024-10-29", "2024-10-30"),
    "salon-de-momo": ("2024-11-04", None),
    "afad-board-meeting-dhaka": ("2024-11-14", "2024-11-17"),
    "world-childrens-day-forum": ("2024-11-19", None),
    "healing-concert-2024": ("2024-11-26", None),
    "made-in-china-briefing": ("2024-11-29", None),
    "ohchr-review-4th-upr": ("2024-12-02", None),
    "dmz-visit-human-rights-day": ("2024-12-07", None),
    "un-human-rights-day-booth": ("2024-12-10", None),
    "timothy-cho-visit": ("2024-12-23", None),
    "meeting-elizabeth-salmon": ("2024-12-23", None),
}

# Publications: slug -> (type, date).
PUBLICATIONS = {
    "made-in-china-report": ("research_report", "2024-11-29"),
    "upr-submission-dprk-2024": ("un_submission", "2024-04-09"),
    # Cited in the UN's summary of 20 November 2023: submitted in 2023.
    "china-upr-submission": ("un_submission", "2023"),
    "submission-special-rapporteur-slavery": ("un_submission", "2024-04-11"),
    "joint-letter-enforced-disappearance-bill": ("statement", "2024-01-17"),
    "open-letter-forced-repatriation": ("statement", "2024-01-18"),
    "joint-letter-president-china-upr": ("statement", "2024-01-23"),
    "joint-letter-hrc55": ("statement", "2024-02-26"),  # and 13 March
    "joint-letter-high-commissioner": ("statement", "2024-03-08"),
    "joint-letter-minister-cho": ("statement", "2024-05-09"),
    "joint-letter-accountability-mechanism": ("statement", "2024-05-16"),
    "joint-letter-world-refugee-day": ("statement", "2024-06-20"),
    # Produced in 2024 ("Publication of 2023 Activity Report").
    "activity-report-2023": ("activity_report", "2024"),
    # The foreword of the 2024 report is dated "April 2024".
    "activity-report-2024": ("activity_report", "2024-04"),
}

# Newsletters in 2024: six Korean bi-monthly issues, four English FNN issues;
# the documents give neither their dates nor their numbers.
NEWSLETTERS_2024 = {"ko_bimonthly": 6, "en_fnn": 4}

# NKHR in the media, 2024 (004): date, outlet, headline as the report gives it
# (in English; 64 of the 69 outlets published in Korean).
ENGLISH_OUTLETS = {"The Korea Times", "NKPro", "NK News"}
MEDIA_COVERAGE = [
    (
        "2024-01-04",
        "News1",
        'UN urges China for the first time ahead of China\'s UPR to "stop the forcible repatriation of North Korean escapees"',
    ),
    (
        "2024-01-04",
        "New Daily",
        'Ahead of the UN Universal Periodic Review...UN agencies "China, abstain from the forcible repatriation of North Korean escapees"',
    ),
    (
        "2024-01-18",
        "New Daily",
        'North Korean human rights organizations urge the government to "call on China to abide by international norms prohibiting forced repatriation"',
    ),
    (
        "2024-01-18",
        "Munhwa Ilbo",
        'North Korean human rights organizations urge the government to "call on China to abstain from forcible repatriation of North Korean escapees"',
    ),
    (
        "2024-01-18",
        "The Asia Business Daily",
        'North Korean human rights organizations urge the government to "call on China to abide by its obligation not to forcibly repatriate North Korean escapees"',
    ),
    (
        "2024-01-18",
        "The Fact",
        '"Urge China to abide by international norms prohibiting forced repatriation"... human rights organizations sent an open letter to the Ministry of Foreign Affairs',
    ),
    (
        "2024-01-24",
        "The Korea Times",
        "Seoul presses Beijing on NK refugees for first time at UN human rights review",
    ),
    (
        "2024-02-06",
        "Voice of America (VOA)",
        "[VOA News] North Korean Human Rights Movement 'New Generation'...Attention to the 'Creative Approach'",
    ),
    (
        "2024-02-07",
        "Voice of America (VOA)",
        "Generational Change in North Korean Human Rights Activists ... Strategists with high-end technology and fluent English",
    ),
    (
        "2024-02-14",
        "Unicorn Communication",
        "Please Remember Us - Stories on Enforced Disappearances by North Korea",
    ),
    (
        "2024-02-15",
        "Radio Free Asia (RFA)",
        '"North Korean authorities must be held accountable for human rights abuses" Written Opinion by North Korean human rights organizations',
    ),
    (
        "2024-02-22",
        "Voice of America (VOA)",
        "North Korean Human Rights Group Send a Submission to the Special Rapporteur Elizabeth Salmón...Request for 'COI follow-up Report' and 'Organization of the Expert Panel'",
    ),
    (
        "2024-03-01",
        "NKPro",
        "North Korea renovated major concentration camp during pandemic, imagery shows",
    ),
    (
        "2024-03-13",
        "Munhwa Ilbo",
        'North Korean Human Rights Organizations Urge the Ministry of Foreign Affairs to "Actively Raise North Korean Human Rights Issues at the UN"',
    ),
    (
        "2024-03-13",
        "Radio Free Asia (RFA)",
        '"South Korean Government Should Actively Raise North Korean Human Rights Issues"',
    ),
    (
        "2024-03-14",
        "Jayu Press",
        '"Raise the Issues of Abduction-POW-North Korean Escapee during the UNHRC Session"',
    ),
    (
        "2024-03-22",
        "Munhwa Ilbo",
        'North Korean Human Rights Groups urge the Ministry of Foreign Affairs to "Actively Raise the Issue of North Korean Human Rights Violations at the UN"',
    ),
    (
        "2024-04-19",
        "Kookmin Ilbo",
        '"North Korea, Exports Produced by Forced Labor... Kim Jong-un Exploits"',
    ),
    (
        "2024-04-19",
        "Radio Free Asia (RFA)",
        'Report saying "Top Export Items of North Korea - fake eyelashes and wig - produced as a result of forced labor" Submitted to the UN',
    ),
    (
        "2024-04-21",
        "Financial News",
        "Top export items of North Korea, fake eyelash and wig, produced as a result of forced labor",
    ),
    (
        "2024-04-22",
        "News1",
        '"Top export items of North Korea, fake eyelash and wig, produced as a result of forced labor"',
    ),
    (
        "2024-04-24",
        "Jayu Press",
        '"\'Modern Slavery System\' in North Korea is too Severe"...10-12 hours, 7 days a week of Labour"',
    ),
    (
        "2024-05-01",
        "Voice of America (VOA)",
        "North Korean Human Rights organizations in South Korea called for officially discussing 'forcible repatriation of North Korean refugees in China' in ROK-PRC minister of foreign affairs meeting",
    ),
    (
        "2024-05-03",
        "Voice of America (VOA)",
        "American and Korean Human Rights NGOs Calls \"Grave Concern on 'contemporary slavery' in North Korea\"",
    ),
    (
        "2024-05-04",
        "PenNMike",
        'NKHR "strongly denounced Chinese Government for its forcible repatriation of North Korean Refugees in China" and "Call for Korean Government to put more effort"',
    ),
    (
        "2024-05-09",
        "Yonhap News Agency",
        "North Korean human rights organizations held a press conference in front of the MOFA",
    ),
    (
        "2024-05-09",
        "Yonhap News Agency",
        'International Human Rights Organization "Chinese government forcibly repatriated 60 NK escapees"',
    ),
    (
        "2024-05-11",
        "Christian Today",
        "Forced repatriation of NK escapee issue should be discussed in the South Korea-China foreign ministers' summit",
    ),
    (
        "2024-05-11",
        "Voice of America (VOA)",
        '[VOA] Condemns "China\'s forced repatriation of NK escapees"... address at the "South Korea-China Ministers\' meeting"',
    ),
    (
        "2024-05-13",
        "Joongang Ilbo",
        'Minister Cho Tae-yeol, before his first confrontation with Wang Yi, "I\'ll bring up forced repatriation for sure"',
    ),
    (
        "2024-05-13",
        "Yonhap News Agency",
        'Cho Tae-yeol\'s first visit to China "an important first step in building new momentum in Korea-China relations"',
    ),
    (
        "2024-05-15",
        "Voice of America (VOA)",
        'NK female escapees\' organization testified at UN... "Should guarantee ID and security for NK female escapees"',
    ),
    (
        "2024-05-17",
        "Radio Free Asia (RFA)",
        'Human rights organizations "establish new mechanisms for NK accountability"',
    ),
    (
        "2024-06-02",
        "Radio Free Asia (RFA)",
        'North Korean Human Rights Organizations "South Korea Must Address North Korean Escapees in All UPR"',
    ),
    (
        "2024-07-02",
        "MOU Unicorn Reporters",
        "Dark truth behind wigs and eyelashes produced in North Korea",
    ),
    (
        "2024-07-03",
        "News1",
        "2024 International Symposium on North Korean Human Rights",
    ),
    (
        "2024-07-03",
        "News1",
        "2024 International Symposium on North Korean Human rights",
    ),
    (
        "2024-07-16",
        "NK News",
        "Forced labor pervasive in North Korea and may even constitute slavery: UN report",
    ),
    (
        "2024-07-27",
        "Choson Ilbo",
        "Witnessing shooting to death and heading to Thailand after Crossing Tumen River... Becoming a girl from Pyongyang by Playing North Korea Defection Escape Room Game",
    ),
    (
        "2024-08-07",
        "Radio Free Asia (RFA)",
        'Truth and Reconciliation Commission, "North Korea\'s false propaganda targeted to ethnic Koreans in Japan"',
    ),
    (
        "2024-08-08",
        "SPN Seoul Pyongyang News",
        "NKHR welcomes \"decision of the Truth and Reconciliation Commission on 'human rights abuses' targeted to ethnic Koreans in Japan\"",
    ),
    (
        "2024-09-27",
        "Voice of America (VOA)",
        '"Expanding the Accessibility to the information inside North Korea is the core of the North Korean policy" says, US North Korean Human Rights Special Envoy Turner',
    ),
    (
        "2024-10-23",
        "Voice of America (VOA)",
        "North Korea's accrued export value of wigs till Q3 to China marked its highest record amount, about 140 million US dollars.",
    ),
    (
        "2024-10-23",
        "Yonhap News Agency",
        "Deputy Director Joanna Hosaniak was awarded Polish national medal.",
    ),
    (
        "2024-10-23",
        "Seoul Economics Daily",
        "Deputy Director Joanna Hosaniak was awarded Polish national medal.",
    ),
    (
        "2024-10-23",
        "Segye Ilbo",
        "Joanna Hosaniak, North Korean human rights activist from Poland awarded the highest Polish order",
    ),
    (
        "2024-10-23",
        "Tongil News",
        "20 years of contribution to promotion of North Korean human rights",
    ),
    (
        "2024-10-24",
        "PenNMike",
        "Joanna Hosaniak, North Korean human rights activist from Poland awarded the highest Polish order",
    ),
    (
        "2024-10-24",
        "Segye Ilbo",
        'Polish President Duda Encourages Polish North Korean activist\'s Performance as "Transitional Justice Activities"',
    ),
    (
        "2024-11-03",
        "Seoul Economics Daily",
        "70% of North Korean Wigs Exported to China Are Products of Forced Labor by Women",
    ),
    (
        "2024-11-25",
        "Yonhap News Agency",
        "[Bulletin] MOU, MCST Hosted 'Three-Forget-Me-Not' Concert for Abductees and Detainees by North Korea",
    ),
    (
        "2024-11-25",
        "Newsis",
        "'Three-Forget-Me-Not' Concert on November 26...Consoling sadness for 'Missing family'",
    ),
    (
        "2024-11-25",
        "Daily 365",
        "'Three-Forget-Me-Not' healing concert - Connecting the tragedy of family division by music",
    ),
    (
        "2024-11-25",
        "Live Daily news",
        "MOU hosted 'Three-Forget-Me-Not' Healing Concert with wish for reunion of families",
    ),
    (
        "2024-11-27",
        "KTV",
        "'Three-Forget-Me-Not' Healing Concert...We won't forget tragedy of abduction by North Korea",
    ),
    (
        "2024-11-29",
        "YTN",
        '[Subtitle News] "You want to bear a Chinese child?"... The Tragic Fate of Repatriated North Korean Defectors',
    ),
    (
        "2024-11-29",
        "YTN",
        '[Exclusive] "North Korea and China Profit from Forced Repatriation and Slave Labor Network"',
    ),
    (
        "2024-11-29",
        "Choson Monthly",
        "Is the Link Between North Korea's Crimes Against Humanity and the Global Supply Chain Being Exposed? Citizens' Alliance for North Korean Human Rights Publishes Report",
    ),
    (
        "2024-11-29",
        "Voice of America (VOA)",
        '"North Korea and China Share Economic Gains from Forced Repatriation and Labor Exploitation," New Report Highlights',
    ),
    (
        "2024-11-29",
        "Yonhap News Agency",
        '"70% of North Korean Wigs Exported to China Are Produced Through Forced Labor in Kyohwaso"',
    ),
    (
        "2024-11-29",
        "Newsis",
        "Citizens' Alliance for North Korean Human Rights: 'North Korean Kyohwaso Detainees Exploited to Produce Chinese-Labeled Goods for Foreign Currency Revenue'",
    ),
    (
        "2024-11-29",
        "Newsis",
        "Citizens' Alliance for North Korean Human Rights: 'North Korean Kyohwaso Detainees Suffered by North Korea-China Slave Trade'",
    ),
    (
        "2024-11-29",
        "Segye Ilbo",
        '"70% of Wigs Exported from North Korea to China Are Manufactured Using Forced Labor in Kyohwaso"',
    ),
    (
        "2024-11-29",
        "Radio Free Asia (RFA)",
        '"70% of Wigs Exported to China by North Korea Are Produced Through Forced Labor in Kyohwaso"',
    ),
    (
        "2024-11-29",
        "NK News",
        "Chinese firms use North Korean prison labor to make wigs for global sale: Report",
    ),
    (
        "2024-12-01",
        "YTN",
        "[Expendable Human Beings] Part 1:The History of Cruelty in Kyohwaso -The Stench of Burning Corpses",
    ),
    (
        "2024-12-01",
        "The Korea Times",
        "Forced labor drives North Korea's wig exports: report",
    ),
    (
        "2024-12-08",
        "YTN",
        "[Expendable Human Beings] Part 2: Blood Wigs Traded for Foreign Currency/ YTN",
    ),
    (
        "2024-12-15",
        "YTN",
        "[Expendable Human Beings] Part 3: Forced repatriation and its aftermath",
    ),
]
