// Names for the search bench's million clients (search-dataset.ts): Polish and Czech surnames
// and first names with their marks, drawn with a skew like a real register's, where a few
// surnames are common (Nowak, Kowalski, Novák) and most are rare. The lists are in rough order
// of frequency; below them, a long tail of plausible surnames made from stems and endings, each
// rare, as the thousands of surnames of a real city are.

/** A Polish man's surname; a woman's is derived (femaleSurname). */
const POLISH_SURNAMES = `Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański
Woźniak Dąbrowski Kozłowski Jankowski Mazur Wojciechowski Kwiatkowski Krawczyk Kaczmarek Piotrowski
Grabowski Zając Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Nowakowski Majewski Olszewski
Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pawlak Górski Witkowski Walczak Sikora Baran
Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak Zalewski Wróblewski Marciniak Jasiński
Zawadzki Bąk Jakubowski Sadowski Duda Włodarczyk Wilk Chmielewski Borkowski Sokołowski Szczepański
Sawicki Lis Kucharski Mazurek Kubiak Kalinowski Wysocki Maciejewski Czarnecki Kołodziej Urbański
Kaźmierczak Sobczak Konieczny Głowacki Zakrzewski Krupa Wasilewski Krajewski Adamski Sikorski Mróz
Laskowski Ziółkowski Gajewski Szulc Makowski Brzeziński Przybylski Domański Borowski Baranowski
Szymczak Błaszczyk Kowalewski Górecki Kaczmarczyk Czerwiński Leśniak Kołodziejczyk Andrzejewski
Cieślak Wawrzyniak Kaczor Mazurkiewicz Sobczyk Jankowiak Kowalik Szczęsny Łukasiewicz Żółkiewski
Mickiewicz Sienkiewicz Gołębiowski Śliwiński Żak Łuczak Ślusarczyk Żurawski Chrzanowski Grzybowski
Przybyłowski Szczepaniak Kędzierski Wąsowski Dziedzic Jędrzejczak Jóźwiak Świątek Ćwikliński Wrzesiński
Bielecki Bielski Banaś Bednarek Bednarczyk Kasprzak Kaczorowski Kurek Tokarski Lewicki Stasiak
Kubicki Jastrzębski Sowa Ryba Kania Kowal Mikołajczyk Frączek Gałązka Kurowski Kołodziejski
Pietrzyk Wilczek Rogalski Nowacki Jurek Wojtas Kozieł Żmuda Bogusz Gutowski Fijałkowski Czech
Matuszewski Łoś Szafrański Dobrowolski Kurzawa Ptak Szostak Wojtczak Nowosielski Pająk Chojnacki
Sobieraj Wesołowski Rybak Tkaczyk Wrona Grzelak Piątek Marczak Kopeć Pawelec Rogowski Kostrzewa
Kaczmarski Filipek Dziedziczak Skowroński Zawisza Szczygieł Kwiecień Bartczak Bieniek Przybysz
Sadowy Żuk Hołownia Śliwa Krzemiński Radomski Ciesielski Grzelczak Jezierski Kmiecik Kosiński`;

/** A Czech man's surname; a woman's is derived (femaleSurname). */
const CZECH_SURNAMES = `Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Marek Pospíšil
Pokorný Hájek Král Jelínek Růžička Beneš Fiala Sedláček Doležal Zeman Kolář Navrátil Čermák Vaněk
Urban Blažek Kříž Kovář Kratochvíl Bartoš Vlček Polák Musil Kopecký Šimek Konečný Malý Holub
Štěpánek Staněk Kadlec Dostál Soukup Šťastný Mareš Moravec Sýkora Tichý Valenta Vávra Matoušek
Bláha Říha Ševčík Bureš Hruška Mašek Pavlík Dušek Janda Hrubý Mach Skála Šindelář Havlíček Brož
Kubíček Hronek Hora Zelenka Adámek Beran Hanák Lukáš Vacek Charvát Vondráček Holý Šebesta Cibulka
Kašpar Toman Kazda Šafránek Jireš Řezníček Žáček Chalupa Kořínek Vojtíšek Paleček Hložek Ondráček
Kubát Kalina Smetana Tůma Drábek Petrů Hudec Koubek Šulc`;

const POLISH_FEMALE = `Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Elżbieta Magdalena Joanna
Zofia Aleksandra Monika Teresa Danuta Natalia Julia Karolina Marta Beata Dorota Halina Jadwiga Janina
Alicja Iwona Grażyna Jolanta Justyna Paulina Wiktoria Zuzanna Hanna Łucja Urszula Renata Bożena
Weronika Izabela Patrycja Sylwia Agata Kinga Oliwia Gabriela Emilia Lena Maja Ilona Żaneta Jagoda
Bogumiła Stanisława Wiesława`;

const POLISH_MALE = `Piotr Krzysztof Andrzej Tomasz Jan Paweł Michał Marcin Stanisław Jakub Adam Marek Łukasz
Grzegorz Mateusz Wojciech Mariusz Dariusz Zbigniew Jerzy Maciej Rafał Robert Kamil Józef Janusz
Tadeusz Ryszard Szymon Kacper Dawid Bartosz Sebastian Damian Przemysław Sławomir Mirosław Jacek
Henryk Leszek Filip Antoni Franciszek Wiktor Igor Bolesław Zdzisław Czesław Bogdan Kazimierz
Ireneusz Wiesław Władysław Zenon`;

const CZECH_FEMALE = `Jana Marie Eva Hana Anna Lenka Kateřina Věra Lucie Alena Petra Jaroslava Veronika Martina
Tereza Jitka Michaela Ludmila Helena Zdeňka Ivana Monika Eliška Barbora Markéta Zuzana Kristýna
Dagmar Simona Klára Šárka Radka Růžena Božena Libuše`;

const CZECH_MALE = `Jiří Jan Petr Josef Pavel Martin Tomáš Jaroslav Miroslav Zdeněk Václav Michal František
Jakub Milan Karel Lukáš David Vladimír Ondřej Ladislav Roman Stanislav Radek Antonín Vojtěch Matěj
Filip Adam Luboš Bohumil Dušan Jindřich Oldřich Štěpán`;

/** The long tail: stems and endings that make rare but plausible Polish surnames. */
const TAIL_STEMS = `Brzoz Gołęb Dęb Jastrzęb Wierzb Krzyż Grzyb Żuraw Sosn Olech Wrzos Kłos Bors Przyb Szczep
Łęcz Ślęz Czaj Sow Bogd Chrzan Dział Gąs Jaskół Kmieć Leszcz Miedź Orzech Pstrąg Rdest Smrek Trzcin
Wiąz Zięb Żyt Bartn Cieśl Kuśn Ryb Stolarcz`;
const TAIL_ENDINGS = ['owski', 'ewski', 'iński', 'owicz', 'iak', 'czyk', 'ecki', 'ek'];

const words = (list: string): string[] => list.split(/\s+/).filter(Boolean);

export type Language = 'pl' | 'cs';

export interface Surname {
  male: string;
  female: string;
}

/** Czech surnames whose woman's form follows no rule below. */
const CZECH_FEMALE_EXCEPTIONS: Record<string, string> = { Kadlec: 'Kadlecová', Petrů: 'Petrů' };

/** The woman's form: Kowalski → Kowalska, Konieczny → Konieczna; Dvořák → Dvořáková, Novotný → Novotná. */
export function femaleSurname(male: string, language: Language): string {
  if (language === 'pl') {
    if (/(ski|cki|dzki)$/.test(male)) return `${male.slice(0, -1)}a`;
    if (/ny$/.test(male)) return `${male.slice(0, -1)}a`;
    return male;
  }
  const exception = CZECH_FEMALE_EXCEPTIONS[male];
  if (exception) return exception;
  if (/ý$/.test(male)) return `${male.slice(0, -1)}á`;
  if (/ěk$/.test(male)) return `${male.slice(0, -3)}ňková`;
  if (/ek$/.test(male)) return `${male.slice(0, -2)}ková`;
  if (/ec$/.test(male)) return `${male.slice(0, -2)}cová`;
  if (/[ae]$/.test(male)) return `${male.slice(0, -1)}ová`;
  return `${male}ová`;
}

const surnamesOf = (list: string, language: Language): Surname[] =>
  words(list).map((male) => ({ male, female: femaleSurname(male, language) }));

export const SURNAMES: Record<Language, Surname[]> = {
  pl: surnamesOf(POLISH_SURNAMES, 'pl'),
  cs: surnamesOf(CZECH_SURNAMES, 'cs'),
};

export const TAIL_SURNAMES: Surname[] = words(TAIL_STEMS).flatMap((stem) =>
  TAIL_ENDINGS.map((ending) => {
    const male = `${stem}${ending}`;
    return { male, female: femaleSurname(male, 'pl') };
  }),
);

export const FIRST_NAMES: Record<Language, { female: string[]; male: string[] }> = {
  pl: { female: words(POLISH_FEMALE), male: words(POLISH_MALE) },
  cs: { female: words(CZECH_FEMALE), male: words(CZECH_MALE) },
};

/** A deterministic generator (mulberry32), so every run seeds the same names. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Picks from a list in order of frequency: rank r weighs 1/(r + 10)^0.9, which gives the first
 * surname about 2 % of its language's people and the 300th about 0.1 %, near a real
 * register's shares among its common surnames.
 */
export function skewedPicker<T>(items: readonly T[]): (random: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < items.length; rank++) cumulative.push((total += 1 / (rank + 10) ** 0.9));
  return (random) => {
    const target = random() * total;
    let [low, high] = [0, cumulative.length - 1];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return items[low]!;
  };
}

/** Letters without their marks, for e-mail addresses: Żółkiewska → zolkiewska. */
export function asciiFold(text: string): string {
  return text.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
