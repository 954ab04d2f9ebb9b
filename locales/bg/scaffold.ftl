# `frontdesk new --lang bg`: думите на началния файл на сценарий. Стават низове и коментари в
# YAML: пазете ги на един ред, без двойни кавички. { $patient } и { $doctor } пишат
# заместителите на самия сценарий; {"{"} и {"}"} пишат буквална скоба.

scaffold-intro = Нов сценарий за frontdesk. Сменете думите; пазете формата, докато `frontdesk check` е доволен.
scaffold-docs = Всеки ключ е описан в docs/scenario-format.md. Полезни команди:
scaffold-check = # всеки проблем, с ред и колона
scaffold-graph = # диалогът като картинка (Graphviz)
scaffold-watch = # изиграйте го; всяко записване на файла го презарежда
scaffold-title = Нов случай
scaffold-summary = Какво се случва, в едно-две изречения.
scaffold-source = Откъде идва случаят
scaffold-roles = кой говори освен обучавания; добавете `doctor: {"{"}name: д-р Петров{"}"}` и пишете { $doctor } в текста
scaffold-p1 = Мария Иванова
scaffold-p2 = Елена Петрова
scaffold-walk-out = { $patient } се обръща и си тръгва.
scaffold-opening-desk = Пациентка се приближава към регистратурата.
scaffold-opening-phone = Телефонът звъни.
scaffold-ask1 = Здравейте, имам проблем с часа си.
scaffold-ask2 = Добро утро. Нещо се е объркало със записването ми.
scaffold-variants = списък: при всяко изиграване се избира един вариант
scaffold-discuss = Какво трябва да разберете най-напред?
scaffold-good-text = Съжалявам да го чуя, { $patient }. Какво се случи?
scaffold-flags = пациентът помни: проверете го по-късно с `if:`
scaffold-good-thought = Добре, слуша ме.
scaffold-good-feedback = Признаване, после уточняване: една фраза на разбиране, после открит въпрос.
scaffold-bad-text = Графикът го определят лекарите, не зависи от регистратурата.
scaffold-bad-thought = Значи не е ваш проблем.
scaffold-bad-feedback = Оправдаване: говори за клиниката, не за пациента. Опитайте: „Съжалявам да го чуя. Какво се случи?“
scaffold-details = Преместиха ми часа и никой не ми каза.
scaffold-solve-text = Нека ви намеря първия свободен час днес.
scaffold-solve-thought = Най-сетне някой прави нещо.
scaffold-solve-feedback = Решение: конкретна следваща стъпка, веднага.
scaffold-branches = първият клон, чието `if` е вярно; последният е без `if`
scaffold-attack-text = Трябваше да си проверите съобщенията.
scaffold-attack-thought = Значи сега аз съм виновна?
scaffold-attack-feedback = Контраатака: обвинява пациента. Опитайте: „Съжалявам, че никой не ви е казал. Нека го оправя сега.“
scaffold-thanks = Благодаря, така ме устройва.
scaffold-manager = Искам да говоря с управителя за това.
scaffold-gone = Пациентката си тръгва, без да каже дума.
