## Пульт ведущего (`frontdesk console`): то, что видит только ведущий

console-title = Пульт ведущего
console-only-you = видите только вы
console-next = Дальше
console-hands = руки
console-phones = телефоны
console-blank = Экран проектора погашен; любая клавиша вернёт его.
console-confirm-leave = Проектор спрашивает, завершить ли занятие; Esc там завершит.
console-ended = Разбор — на проекторе; Esc там завершит занятие.
console-gone = Занятие окончено.
console-detach = отключиться
console-coaching = Пояснения к ответам
