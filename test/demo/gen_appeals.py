#!/usr/bin/env python3
"""Generates the demo appeals of Tula region (71) as two CSV files.

    gen_appeals.py OUTDIR [SPB_CSV_GZ]

OUTDIR/incoming.csv  every good appeal, with the channel it arrives by, the
                     path it takes (via = register | intake for the first ~400,
                     half each; via = auto for a later batch of ~100 that comes
                     without a category, registered after the classifier is
                     trained), the category the source sends (may be empty or a
                     catch-all) and the true one; the demo loads it into
                     demo.incoming.
OUTDIR/intake.csv    the intake half plus a few deliberately bad rows, in the
                     columns of cuvr.intake, for COPY cuvr.intake FROM STDIN.

With SPB_CSV_GZ (the St Petersburg portal data set, read at run time only and
never copied into the repository) the texts come from it; otherwise they are
built from templates below (problem x place x detail).  A fixed seed makes the
texts, categories and people the same on every run; only the timestamps move
with the clock (received_at lies within the last 60 days).
"""

import csv
import datetime as dt
import gzip
import os
import random
import re
import sys

N_APPEALS = 400
N_AUTO = 100  # the later batch without a category, classified by cuvr
SEED = 71

MSK = dt.timezone(dt.timedelta(hours=3))
NOW = dt.datetime.now(MSK).replace(microsecond=0)

# Municipalities of the demo: OKTMO (8 digits), centre coordinates, streets, weight.
PLACES = [
    ("Тула", "70701000", 54.193, 37.617,
     ["пр. Ленина", "ул. Советская", "ул. Болдина", "ул. Металлургов", "ул. Кирова",
      "Красноармейский пр.", "ул. Пузакова", "ул. Октябрьская", "ул. Староникитская"], 50),
    ("Новомосковск", "70724000", 54.011, 38.291,
     ["ул. Комсомольская", "ул. Московская", "ул. Калинина", "ул. Березовая"], 14),
    ("Алексин", "70706000", 54.502, 37.066,
     ["ул. Героев Алексинцев", "ул. Мира", "ул. Пахомова"], 9),
    ("Щёкино", "70648000", 54.002, 37.517,
     ["ул. Ленина", "ул. Победы", "ул. Лукашина"], 10),
    ("Узловая", "70644000", 53.973, 38.170,
     ["ул. Гагарина", "ул. Завенягина", "ул. Беклемищева"], 8),
    ("Ефремов", "70714000", 53.146, 38.092,
     ["ул. Свердлова", "ул. Комсомольская", "ул. Тургенева"], 9),
]

CHANNELS = [  # channel, source system, external id prefix, weight
    ("pos_form", "pos", "POS", 22), ("pos_app", "pos", "POS", 14),
    ("regional_portal", "portal71", "RP", 14), ("social_network", "incident71", "INC", 16),
    ("messenger", "incident71", "INC", 6), ("email", "sed71", "SED", 8),
    ("hotline", "hotline122", "HL", 10), ("mfc", "mfc71", "MFC", 5), ("paper", "sed71", "SED", 5),
]
KINDS = [("appeal", 55), ("complaint", 25), ("message", 10), ("proposal", 6), ("request", 4)]

# Templates: (category code, subject, problem).  Placeholders: {addr} {street}
# {street2} {town} {n} {e} {route} {stop} {clinic} {school}.
TEMPLATES = [
    ("housing.heating", "Нет отопления", "В квартирах дома {addr} уже {n} дней чуть тёплые батареи, в комнатах +16."),
    ("housing.no_hot_water", "Нет горячей воды", "В доме {addr} нет горячей воды уже {n} дней, управляющая компания сроки не называет."),
    ("housing.roof_leaks", "Течёт кровля", "После дождей в доме {addr} течёт кровля, в подъезде {e} мокрые стены и потолок на верхнем этаже."),
    ("housing.elevator", "Не работает лифт", "В подъезде {e} дома {addr} не работает лифт, пожилые жильцы не могут спуститься на улицу."),
    ("housing.entrance_cleaning", "Грязь в подъезде", "Подъезд {e} дома {addr} не убирают уже несколько недель, на лестницах грязь и мусор."),
    ("housing.management_companies", "Жалоба на УК", "Управляющая компания по дому {addr} не отвечает на заявки, диспетчер не берёт трубку."),
    ("housing.billing", "Ошибка в квитанции", "В квитанции за ЖКУ по дому {addr} начислена плата за услугу, которую не оказывали."),
    ("housing.sewer_blockage", "Засор канализации", "В подвале дома {addr} засор канализации, запах стоит на весь подъезд."),
    ("waste.collection", "Не вывозят мусор", "Во дворе дома {addr} третью неделю не вывозят мусор, контейнеры переполнены."),
    ("waste.container_sites", "Контейнерная площадка", "Контейнерная площадка у дома {addr} разрушена, мусор разносит ветром по двору."),
    ("waste.illegal_dumping", "Стихийная свалка", "За гаражами у дома {addr} образовалась стихийная свалка строительного мусора."),
    ("waste.fee", "Плата за вывоз ТКО", "Региональный оператор начисляет плату за вывоз ТКО на двух человек, хотя по адресу {addr} прописан один."),
    ("energy.power_quality", "Перепады напряжения", "В домах по {street} ({town}) постоянно скачет напряжение, сгорела бытовая техника."),
    ("energy.wires", "Оборваны провода", "У дома {addr} оборваны провода на опоре и висят низко над тротуаром."),
    ("energy.gasification_request", "Газификация", "Прошу сообщить сроки газификации частных домов по {street} ({town}), заявку подавали в прошлом году."),
    ("roads.potholes", "Ямы на дороге", "На проезжей части {street} ({town}) напротив дома {n} глубокие ямы, машины повреждают колёса."),
    ("roads.traffic_lights", "Не работает светофор", "На перекрёстке {street} и {street2} ({town}) не работает светофор, опасно для пешеходов."),
    ("roads.sidewalks", "Разбит тротуар", "Тротуар вдоль {street} ({town}) разбит, после дождя сплошные лужи, с коляской не пройти."),
    ("roads.markings", "Нет разметки", "На {street} ({town}) стёрлась разметка пешеходного перехода у школы № {school}."),
    ("transport.schedule", "Автобус не по расписанию", "Автобус маршрута № {route} не ходит по расписанию, на остановке «{stop}» ждём по 40 минут."),
    ("transport.driver_behaviour", "Поведение водителя", "Водитель автобуса маршрута № {route} грубил пассажирам и проехал остановку «{stop}» без остановки."),
    ("transport.stops_upkeep", "Остановка", "Остановочный павильон «{stop}» на {street} разбит, нет скамейки и навеса."),
    ("landscaping.playground_equipment", "Детская площадка", "На детской площадке во дворе дома {addr} сломаны качели, торчат острые края."),
    ("landscaping.lighting_faulty", "Не горят фонари", "Во дворе дома {addr} не горят фонари, вечером темно и небезопасно."),
    ("landscaping.fallen_trees", "Аварийное дерево", "У дома {addr} аварийное дерево наклонилось над детской площадкой."),
    ("landscaping.open_manholes", "Открытый люк", "Во дворе дома {addr} открыт канализационный люк, ребёнок чуть не провалился."),
    ("landscaping.yard_asphalt", "Ремонт двора", "Асфальт во дворе дома {addr} полностью разрушен, просим включить двор в программу ремонта."),
    ("health.appointment_booking", "Запись к врачу", "В {clinic} невозможно записаться к эндокринологу: на Госуслугах нет талонов на месяц вперёд."),
    ("health.queues", "Очереди в поликлинике", "В регистратуре {clinic} очереди по часу, работает одно окно из четырёх."),
    ("health.subsidized_drugs", "Льготные лекарства", "В аптеке на {street} ({town}) второй месяц нет льготного препарата по рецепту из {clinic}."),
    ("health.ambulance", "Скорая помощь", "Скорая помощь ехала к дому {addr} больше часа, пожилому отцу было плохо."),
    ("health.hospital_upkeep", "Состояние больницы", "В терапевтическом отделении областной больницы течёт потолок в палатах, не хватает постельного белья."),
    ("education.kindergarten_places", "Место в детском саду", "Не можем получить место в детском саду для ребёнка трёх лет, живём по адресу {addr}, в очереди уже год."),
    ("education.meals", "Питание в школе", "В школе № {school} ({town}) дети жалуются на качество горячего питания, порции маленькие."),
    ("education.heating", "Холодно в школе", "В школе № {school} ({town}) холодно в классах, дети сидят на уроках в куртках."),
    ("social.large_families", "Выплата многодетным", "Многодетная семья из {town}, не получаем ежемесячную выплату уже {n} дней, в соцзащите ответа нет."),
    ("social.accessibility", "Нет пандуса", "Я инвалид-колясочник, в доме {addr} нет пандуса, не могу самостоятельно выйти из подъезда."),
    ("social.payment_delays", "Задержка выплаты", "Задерживается выплата компенсации расходов на ЖКУ ветерану труда, проживающему по адресу {addr}."),
    ("telecom.mobile_internet", "Нет мобильного интернета", "На {street} ({town}) почти не ловит мобильный интернет, работать из дома невозможно."),
    ("ecology.odours", "Неприятный запах", "Вечерами в районе {street} ({town}) стоит резкий химический запах, трудно дышать."),
    ("other.gratitude", "Благодарность", "Благодарю за быстрый ремонт двора у дома {addr}, всё сделали аккуратно и в срок!"),
]
DETAILS = [
    "Обращались ранее — без результата.",
    "Просим принять меры как можно скорее.",
    "Фото прилагаю.",
    "Прошу разобраться и сообщить о принятых мерах.",
    "Ситуация повторяется не первый раз.",
    "Соседи готовы подписать коллективное обращение.",
    "",
]
STOPS = ["Площадь Ленина", "Центральный рынок", "Красноармейский проспект", "Автовокзал",
         "Городская больница", "Школа № 5", "ТЦ Макси", "Улица Мира"]
CLINICS = ["городской поликлинике № 3", "детской поликлинике № 1", "поликлинике при ГКБ № 2",
           "областной поликлинике", "районной больнице"]

# Texts of a category no source ever sends (transport.travel_cards): the demo
# adds a keyword rule for it, so these are classified by the rule, not the model.
KEYWORD_TEXTS = [
    "Транспортная карта школьника не читается валидатором в автобусе маршрута № 16, кондуктор требует оплату наличными.",
    "Не могу пополнить транспортную карту пенсионера в терминале на автовокзале, деньги списаны, а поездки не зачислены.",
    "Сын потерял транспортную карту учащегося, в МФЦ не могут сказать, как её восстановить и сохранить остаток поездок.",
]

SPAM = [
    "Продам гараж у Заречья недорого, звоните в любое время",
    "ываыва ываыв ываыва",
]

SURNAMES = [("Иванов", "ivanov"), ("Смирнова", "smirnova"), ("Кузнецов", "kuznetsov"),
            ("Попова", "popova"), ("Соколов", "sokolov"), ("Лебедева", "lebedeva"),
            ("Козлов", "kozlov"), ("Новикова", "novikova"), ("Морозов", "morozov"),
            ("Петрова", "petrova"), ("Волков", "volkov"), ("Соловьёва", "solovyova"),
            ("Васильев", "vasiliev"), ("Зайцева", "zaitseva"), ("Павлов", "pavlov"),
            ("Семёнова", "semenova"), ("Голубев", "golubev"), ("Виноградова", "vinogradova")]
FIRST = {"m": ["Алексей", "Сергей", "Дмитрий", "Андрей", "Игорь", "Николай"],
         "f": ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Мария"]}
PATRONYMIC = {"m": ["Петрович", "Иванович", "Сергеевич", "Викторович"],
              "f": ["Петровна", "Ивановна", "Сергеевна", "Викторовна"]}
MAIL = ["mail.ru", "yandex.ru", "gmail.com", "rambler.ru"]

# St Petersburg portal: (category substring, reason substring) -> cuvr category.
SPB_RULES = [
    ("Содержание МКД", "освещение", "housing.entrance_lighting"),
    ("Содержание МКД", "контейнерной", "waste.container_site_sanitary"),
    ("Содержание МКД", "лифт", "housing.elevator"),
    ("Содержание МКД", "домофон", "housing.intercom_doors"),
    ("Содержание МКД", "двер", "housing.intercom_doors"),
    ("Содержание МКД", "парадн", "housing.entrance_cleaning"),
    ("Содержание МКД", "уборки", "housing.entrance_cleaning"),
    ("Содержание МКД", "", "housing.building_maintenance"),
    ("Благоустройство", "стенах дома", "housing.facade_graffiti"),
    ("Благоустройство", "надписи", "landscaping.graffiti"),
    ("Благоустройство", "снег на автомобильных", "roads.snow"),
    ("Благоустройство", "снег", "landscaping.snow_yard"),
    ("Благоустройство", "внутридворовой", "landscaping.yard_cleaning"),
    ("Благоустройство", "мусор", "landscaping.cleaning"),
    ("Благоустройство", "освещ", "landscaping.lighting_faulty"),
    ("Благоустройство", "асфальтового", "landscaping.yard_asphalt"),
    ("Благоустройство", "детск", "landscaping.playground_equipment"),
    ("Благоустройство", "проезжей части", "roads.potholes"),
    ("Благоустройство", "тротуара", "roads.sidewalks"),
    ("Благоустройство", "дорожных знаков", "roads.signs"),
    ("Благоустройство", "урн", "landscaping.benches_bins"),
    ("Благоустройство", "контейнерная", "waste.container_sites"),
    ("Благоустройство", "насаждений", "landscaping.greenery"),
    ("Благоустройство", "транспортное средство", "landscaping.abandoned_vehicles"),
    ("Благоустройство", "лужи", "landscaping.flooding"),
    ("Благоустройство", "провода", "energy.wires"),
    ("Благоустройство", "", "landscaping.street_furniture"),
    ("общим имуществом", "", "housing.common_property_misuse"),
    ("рекламн", "", "landscaping.ad_structures"),
    ("Фасад", "", "housing.facade"),
    ("уличной инфраструктуры", "люк", "landscaping.open_manholes"),
    ("уличной инфраструктуры", "", "landscaping.other"),
    ("Водоснабжение", "Протечка", "housing.pipe_burst"),
    ("Водоснабжение", "", "housing.water_quality"),
    ("Кровля", "водосточн", "housing.roof_leaks"),
    ("Кровля", "", "housing.roof_damage"),
    ("Санитарное состояние", "", "housing.pest_control"),
    ("Незаконная реализация", "", "trade.illegal_street_trade"),
    ("Центральное отопление", "", "housing.heating"),
    ("Подвалы", "", "housing.basements_attics"),
    ("Водоотведение", "", "housing.sewer_blockage"),
]

INCOMING_COLUMNS = ["via", "source", "external_id", "region", "channel", "kind", "text", "subject",
                    "received_at", "territory", "address", "lat", "lon", "expedited", "category",
                    "due_at", "applicant_name", "applicant_email", "applicant_phone",
                    "true_category", "spam"]
INTAKE_COLUMNS = ["source", "external_id", "region", "channel", "kind", "text", "subject",
                  "received_at", "territory", "address", "lat", "lon", "expedited", "category",
                  "due_at", "applicant_name", "applicant_email", "applicant_phone"]


def weighted(rng, items):
    """One item, chosen with the weight in its last field; returns the other fields."""
    item = rng.choices(items, [x[-1] for x in items])[0]
    return item[:-1] if len(item) > 2 else item[0]


def spb_texts(path, rng):
    """(text, category code) pairs from the St Petersburg data set, diverse by category."""
    by_category = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = re.sub(r"(?:\bX+\b[ ,.]*){2,}", "[…] ", row["text"])  # masked words
            text = re.sub(r"\s+", " ", text).strip()
            if not 30 <= len(text) <= 1200:
                continue
            code = next((c for cat, reason, c in SPB_RULES
                         if cat in row["category"] and reason.lower() in row["reason"].lower()), None)
            if code:
                by_category.setdefault(row["category"], []).append((text, code))
    picked = []
    for rows in by_category.values():  # at most 60 of each portal category
        rng.shuffle(rows)
        picked.extend(rows[:60])
    rng.shuffle(picked)
    return picked[:N_APPEALS + N_AUTO]  # the first N_APPEALS, then the later batch


def template_texts(rng, n=N_APPEALS):
    """(text, category code) pairs built from problem x place x detail."""
    out = []
    for _ in range(n):
        code, subject, problem = rng.choice(TEMPLATES)
        out.append((problem, code, subject))
    return out


def person(rng):
    sex = rng.choice("mf")
    surname, latin = rng.choice(SURNAMES)
    if sex == "m" and surname.endswith("а"):
        surname, latin = surname[:-1], latin[:-1]
    elif sex == "f" and not surname.endswith("а"):
        surname, latin = surname + "а", latin + "a"
    name = f"{surname} {rng.choice(FIRST[sex])} {rng.choice(PATRONYMIC[sex])}"
    email = f"{latin}{rng.randint(1, 99)}@{rng.choice(MAIL)}"
    phone = f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    return name, email, phone


def make_row(rng, text, code, subject, via, people, ids, auto=False, spread_days=60):
    """One appeal as a row of incoming.csv, received within the last
    spread_days; auto rows come without a category."""
    town, oktmo, lat, lon, streets = weighted(rng, PLACES)
    street, street2 = rng.sample(streets, 2) if len(streets) > 1 else (streets[0], streets[0])
    house = rng.randint(1, 120)
    addr = f"{street}, {house}"
    if subject is not None:  # a template: fill in the place and add a detail
        text = problem_text = text.format(
            addr=f"{addr} ({town})", street=street, street2=street2, town=town,
            n=rng.randint(3, 20), e=rng.randint(1, 8), route=rng.randint(1, 40),
            stop=rng.choice(STOPS), clinic=rng.choice(CLINICS), school=rng.randint(1, 70))
        text = (problem_text + " " + rng.choice(DETAILS)).strip()
    channel, source, prefix = weighted(rng, CHANNELS)
    ids[prefix] = ids.get(prefix, 0) + 1
    received = NOW - dt.timedelta(seconds=rng.randint(3600, spread_days * 86400))
    expedited = rng.random() < 0.05
    due = dt.datetime.combine(received.date() + dt.timedelta(days=10 if expedited else 30),
                              dt.time(23, 59, 59), MSK)
    # What the source sends: usually the right category, sometimes none
    # (triage) and sometimes only the theme's catch-all (reclassified later).
    roll = rng.random()
    if code is None or roll < 0.10 or auto:
        sent = None
    elif roll < 0.15:
        sent = code.split(".")[0] + ".other"
    else:
        sent = code
    name, email, phone = rng.choice(people) if rng.random() < 0.75 else ("", "", "")
    if channel == "hotline":
        email = ""
    return {
        "via": via,
        "source": source, "external_id": f"{prefix}-{NOW:%y}-{ids[prefix]:06d}", "region": "71",
        "channel": channel, "kind": weighted(rng, KINDS) if code != "other.gratitude" else "message",
        "text": text, "subject": subject or "", "received_at": received.isoformat(),
        "territory": oktmo, "address": f"{town}, {addr}",
        "lat": f"{lat + rng.uniform(-0.02, 0.02):.5f}", "lon": f"{lon + rng.uniform(-0.03, 0.03):.5f}",
        "expedited": "true" if expedited else "false", "category": sent or "",
        # ПОС sends its own deadline; for other channels cuvr computes it.
        "due_at": due.isoformat() if channel.startswith("pos") else "", "applicant_name": name, "applicant_email": email,
        "applicant_phone": phone, "true_category": code or "", "spam": "true" if code is None else "false",
    }


def main():
    outdir = sys.argv[1]
    spb = sys.argv[2] if len(sys.argv) > 2 else ""
    rng = random.Random(SEED)
    rng_auto = random.Random(SEED + 1)  # the later batch: leaves the first one as it was
    if spb and os.path.exists(spb):
        texts = [(t, c, None) for t, c in spb_texts(spb, rng)]
        texts, auto_texts = texts[:N_APPEALS], texts[N_APPEALS:]
        print(f"demo: {len(texts)} + {len(auto_texts)} texts from {os.path.basename(spb)}", file=sys.stderr)
    else:
        texts = template_texts(rng)
        auto_texts = template_texts(rng_auto, N_AUTO)
        print(f"demo: {len(texts)} + {len(auto_texts)} texts generated from templates", file=sys.stderr)
    auto_texts = auto_texts[:N_AUTO - len(KEYWORD_TEXTS)] + [(t, "transport.travel_cards", None) for t in KEYWORD_TEXTS]
    rng_auto.shuffle(auto_texts)
    people = [person(rng) for _ in range(260)]  # some applicants write more than once
    ids = {}

    rows = [make_row(rng, text, code, subject, "register" if i % 2 == 0 else "intake", people, ids)
            for i, (text, code, subject) in enumerate(texts + [(s, None, None) for s in SPAM])]
    auto_rows = [make_row(rng_auto, text, code, subject, "auto", people, ids, auto=True)
                 for text, code, subject in auto_texts]

    with open(os.path.join(outdir, "incoming.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, INCOMING_COLUMNS)
        w.writeheader()
        w.writerows(rows + auto_rows)

    bad = [  # each must stay in cuvr.intake with its error
        dict(rows[1], external_id="BAD-REGION", region="99"),
        dict(rows[3], external_id="BAD-TIME", received_at="вчера около 18:00"),
        dict(rows[5], external_id="BAD-CATEGORY", category="housing.unicorns"),
        dict(rows[7], external_id="BAD-EMPTY-TEXT", text=""),
        dict(rows[9], external_id="BAD-CHANNEL", channel="telegraph"),
    ]
    with open(os.path.join(outdir, "intake.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, INTAKE_COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows([r for r in rows if r["via"] == "intake"] + bad)


if __name__ == "__main__":
    main()
