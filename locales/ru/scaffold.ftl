# `frontdesk new --lang ru`: слова заготовки сценария. Они становятся строками и комментариями
# YAML: одна строка, без двойных кавычек. { $patient } и { $doctor } пишут подстановки
# сценария; {"{"} и {"}"} пишут фигурную скобку.

scaffold-intro = Новый сценарий frontdesk. Замените слова; сохраняйте форму, пока `frontdesk check` не будет доволен.
scaffold-docs = Все ключи описаны в docs/scenario-format.md. Полезные команды:
scaffold-check = # все ошибки, со строкой и столбцом
scaffold-graph = # диалог в виде схемы (Graphviz)
scaffold-watch = # сыграть; при сохранении файл перезагружается
scaffold-title = Новый случай
scaffold-summary = Что происходит, в одном-двух предложениях.
scaffold-source = Откуда взят случай
scaffold-roles = кто говорит, кроме администратора; добавьте `doctor: {"{"}name: Иван Петрович{"}"}` и пишите { $doctor } в тексте
scaffold-p1 = Анна Сергеевна
scaffold-p2 = Ольга Николаевна
scaffold-walk-out = { $patient } разворачивается и уходит.
scaffold-opening-desk = К стойке подходит пациентка.
scaffold-opening-phone = Звонит телефон.
scaffold-ask1 = Здравствуйте, у меня проблема с записью.
scaffold-ask2 = Добрый день. С моей записью что-то не так.
scaffold-variants = список: в каждом прохождении выбирается один вариант
scaffold-discuss = Что нужно выяснить в первую очередь?
scaffold-good-text = { $patient }, сочувствую. Расскажите, что случилось?
scaffold-flags = пациент запоминает: проверьте позже через `if:`
scaffold-good-thought = Хорошо, меня слушают.
scaffold-good-feedback = Признать и уточнить: одна фраза понимания, затем открытый вопрос.
scaffold-bad-text = Расписание составляют врачи, регистратура тут ни при чём.
scaffold-bad-thought = То есть это не ваша проблема.
scaffold-bad-feedback = Оправдание: разговор о клинике, а не о пациенте. Лучше: «Сочувствую. Расскажите, что случилось?»
scaffold-details = Мою запись перенесли и никто не предупредил.
scaffold-solve-text = Давайте я найду вам первое свободное время сегодня.
scaffold-solve-thought = Наконец-то кто-то что-то делает.
scaffold-solve-feedback = Решение: конкретный следующий шаг, сразу.
scaffold-branches = первая ветка, чьё `if` выполняется; у последней `if` нет
scaffold-attack-text = Надо было проверять сообщения.
scaffold-attack-thought = То есть я ещё и виновата?
scaffold-attack-feedback = Контратака: пациента обвиняют. Лучше: «Простите, что вас не предупредили. Давайте исправим сейчас.»
scaffold-thanks = Спасибо, так подойдёт.
scaffold-manager = Я хочу поговорить с администратором клиники.
scaffold-gone = Пациентка уходит, не попрощавшись.
