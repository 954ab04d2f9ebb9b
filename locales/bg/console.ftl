## Пултът на водещия (`frontdesk console`): това, което вижда само водещият

console-title = Пулт на водещия
console-only-you = виждате само вие
console-next = Напред
console-hands = ръце
console-phones = телефони
console-blank = Екранът на проектора е затъмнен; всеки клавиш го връща.
console-confirm-leave = Проекторът пита дали да приключи занятието; Esc там го приключва.
console-ended = Разборът е на проектора; Esc там приключва занятието.
console-gone = Занятието приключи.
console-detach = откачане
console-coaching = Пояснения към отговорите
