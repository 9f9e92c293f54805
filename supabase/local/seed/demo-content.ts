/** Texts of the demo content: French and English, as a bilingual city's residents would write. */

export interface ProposalTemplate {
  category: string;
  title: string;
  description: string;
}

export const PROPOSALS: ProposalTemplate[] = [
  {
    category: 'mobility',
    title: 'Navette électrique vers le marché le dimanche',
    description:
      'Une petite navette toutes les 20 minutes aiderait les personnes âgées à faire leurs courses sans voiture.',
  },
  {
    category: 'mobility',
    title: 'Bus shelter with a bench at this stop',
    description: 'People wait here in the sun and the rain. A shelter and a bench would make the wait bearable.',
  },
  {
    category: 'mobility',
    title: 'Safer pedestrian crossing near the school',
    description: 'Cars go fast here at drop-off time. A raised crossing and a lollipop person would help.',
  },
  {
    category: 'mobility',
    title: 'Zone 30 dans les rues résidentielles',
    description: 'Limiter la vitesse à 30 km/h dans ces petites rues rendrait le quartier plus calme et plus sûr.',
  },
  {
    category: 'cycling-walking',
    title: 'Piste cyclable protégée sur cet axe',
    description:
      'Les vélos partagent la voie avec les bus. Une piste séparée par une bordure éviterait bien des frayeurs.',
  },
  {
    category: 'cycling-walking',
    title: 'Bike racks in front of the library',
    description: 'Bikes end up locked to the railings. Ten hoops would be enough.',
  },
  {
    category: 'cycling-walking',
    title: 'Élargir le trottoir, trop étroit pour les poussettes',
    description: 'On doit descendre sur la chaussée avec une poussette ou un fauteuil roulant.',
  },
  {
    category: 'cycling-walking',
    title: 'Continuous cycle lane along the river',
    description: 'The lane stops and starts. Joining the pieces would make a great commuting route.',
  },
  {
    category: 'nature',
    title: 'Planter des arbres pour ombrager la place',
    description: "En été la place est une fournaise. Des arbres à grand développement apporteraient de l'ombre.",
  },
  {
    category: 'nature',
    title: 'Community garden on the empty lot',
    description: 'The lot has been fenced off for years. Neighbours are ready to run a shared garden.',
  },
  {
    category: 'nature',
    title: "Fontaine d'eau potable dans le parc",
    description: 'Les enfants et les coureurs en ont besoin, surtout pendant les canicules.',
  },
  {
    category: 'nature',
    title: "Désimperméabiliser la cour de l'école",
    description: "Remplacer l'enrobé par de la terre et des plantes pour rafraîchir la cour et absorber la pluie.",
  },
  {
    category: 'public-space',
    title: "Des bancs à l'ombre pour les aînés",
    description: 'Il manque des endroits pour se poser entre la pharmacie et le marché.',
  },
  {
    category: 'public-space',
    title: 'Better lighting in the underpass',
    description: 'The underpass is dark in the evening and people avoid it, especially women walking alone.',
  },
  {
    category: 'public-space',
    title: 'Piétonniser la rue le week-end',
    description: 'Fermer la rue aux voitures le samedi et le dimanche pour les terrasses, les jeux et les promeneurs.',
  },
  {
    category: 'public-space',
    title: 'Public toilets near the playground',
    description: 'Parents have to go home when children need the toilet. A clean, accessible toilet would help.',
  },
  {
    category: 'housing',
    title: 'Transformer les bureaux vides en logements',
    description: "L'immeuble est vide depuis longtemps ; il pourrait accueillir des familles.",
  },
  {
    category: 'housing',
    title: 'Affordable rooms for students',
    description: 'Rents push students far from the university. The city could partner with a housing association.',
  },
  {
    category: 'culture-sport',
    title: 'Terrain de basket en libre accès',
    description: 'Les jeunes jouent sur le parking. Un terrain avec deux paniers changerait tout.',
  },
  {
    category: 'culture-sport',
    title: 'Open-air cinema in summer',
    description: 'A screen in the park on Friday nights in July and August, free for everyone.',
  },
  {
    category: 'culture-sport',
    title: 'Boîte à livres près de la boulangerie',
    description: 'Un petit meuble pour échanger des livres, entretenu par les voisins.',
  },
  {
    category: 'culture-sport',
    title: 'Skatepark for teenagers',
    description: 'Teenagers have nowhere to go. A small skatepark would give them a place of their own.',
  },
  {
    category: 'safety-cleanliness',
    title: 'Plus de poubelles de tri sur la place',
    description: 'Les poubelles débordent le lundi matin. Il en faudrait plus, avec le tri.',
  },
  {
    category: 'safety-cleanliness',
    title: 'Repair the broken streetlights',
    description: 'Three lights have been out for weeks on this street.',
  },
  {
    category: 'safety-cleanliness',
    title: 'Dépôts sauvages récurrents à cet angle',
    description: 'Des encombrants sont déposés ici chaque semaine. Une collecte régulière et un panneau aideraient.',
  },
  {
    category: 'shops-services',
    title: 'Marché de producteurs le samedi',
    description: 'Des producteurs locaux sur la place une fois par semaine, ce serait vivant et utile.',
  },
  {
    category: 'shops-services',
    title: 'A cash machine in the neighbourhood',
    description: 'The nearest one is a twenty-minute walk away.',
  },
  {
    category: 'shops-services',
    title: 'Maison de santé de quartier',
    description: "Réunir médecins, infirmiers et kinés au même endroit, près de l'arrêt de tram.",
  },
  {
    category: 'other',
    title: 'Free public Wi-Fi on the square',
    description: 'Useful for visitors and for people without a data plan.',
  },
  {
    category: 'other',
    title: 'Un panneau d’affichage associatif',
    description: 'Pour annoncer les fêtes de quartier, les collectes et les activités des associations.',
  },
];

export const COMMENTS = [
  'Bonne idée, je soutiens !',
  "Great idea, I'd use it every day.",
  "Attention au coût d'entretien.",
  'We already asked for this a few years ago.',
  'Oui, surtout pour les enfants.',
  'Not sure this is the right spot, the street is very narrow.',
  "Pourquoi pas plutôt de l'autre côté de la rue ?",
  '+1, the current situation is dangerous.',
  'Je passe ici tous les jours, ce serait un vrai changement.',
  'Could be combined with the proposal a bit further down.',
  'Il faudrait consulter les commerçants aussi.',
  'Yes please, and quickly!',
];

export const ANSWERS: Record<'under_study' | 'accepted' | 'realised' | 'declined', string> = {
  under_study: "Les services techniques étudient la faisabilité ; réponse attendue d'ici trois mois.",
  accepted: 'Accepted: the works are planned for next year and will be presented at the district meeting.',
  realised: 'Réalisé : merci à toutes celles et ceux qui ont soutenu cette proposition.',
  declined: 'Declined: the pavement is too narrow here; we are looking for another location nearby.',
};

export const FIRST_NAMES = [
  'Giulia',
  'Marco',
  'Camille',
  'Lucas',
  'Sofia',
  'Léa',
  'Matteo',
  'Chiara',
  'Hugo',
  'Emma',
  'Alessandro',
  'Chloé',
  'Francesca',
  'Nathan',
  'Inès',
  'Lorenzo',
  'Amina',
  'Paul',
  'Elena',
  'Yanis',
  'Martina',
  'Jules',
  'Sara',
  'Louise',
  'Davide',
  'Zoé',
  'Noah',
  'Aurora',
  'Tom',
  'Nina',
  'Pietro',
  'Manon',
  'Omar',
  'Alice',
  'Gabriel',
  'Bianca',
];
export const LAST_INITIALS = 'ABCDEFGHIJLMNOPRSTV';
