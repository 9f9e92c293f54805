export type ProposeStep = 'idle' | 'placing' | 'form';

interface StoredDraft {
  step: ProposeStep;
  title: string;
  description: string;
  categoryId: string;
  lng: number | null;
  lat: number | null;
  photoName: string;
}

const STORAGE_KEY = 'idea-map.proposal-draft';

/**
 * The proposal being written: where it goes and what it says. Kept on the device
 * (localStorage) at every change, so a reload, a failed send or a sign-in detour loses nothing.
 */
export class ProposalDraft {
  step = $state<ProposeStep>('idle');
  title = $state('');
  description = $state('');
  categoryId = $state('');
  lng = $state<number | null>(null);
  lat = $state<number | null>(null);
  /** The chosen photo, resized; in memory only (a file cannot be kept in localStorage). */
  photo = $state.raw<Blob | null>(null);
  /** The chosen photo's file name, kept so that after a reload the form can ask for it again. */
  photoName = $state('');

  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;

  constructor(storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
    this.#storage = storage;
    try {
      const raw = storage?.getItem(STORAGE_KEY);
      if (raw) Object.assign(this, JSON.parse(raw) as StoredDraft);
    } catch {
      storage?.removeItem(STORAGE_KEY);
    }
  }

  /** A photo was chosen before a reload: the file has to be picked again. */
  get photoLost(): boolean {
    return this.photoName !== '' && this.photo === null;
  }

  setPhoto(photo: Blob | null, name = ''): void {
    this.photo = photo;
    this.photoName = photo ? name : '';
    this.save();
  }

  get hasText(): boolean {
    return this.title.trim() !== '' || this.description.trim() !== '';
  }

  startPlacing(): void {
    this.step = 'placing';
    this.save();
  }

  place(lng: number, lat: number): void {
    this.lng = lng;
    this.lat = lat;
    this.step = 'form';
    this.save();
  }

  /** Leaves the flow; the text stays for next time. */
  cancel(): void {
    this.step = 'idle';
    this.save();
  }

  /** After a successful send: nothing left to keep. */
  reset(): void {
    this.step = 'idle';
    this.title = '';
    this.description = '';
    this.categoryId = '';
    this.lng = null;
    this.lat = null;
    this.photo = null;
    this.photoName = '';
    this.#storage?.removeItem(STORAGE_KEY);
  }

  save(): void {
    const draft: StoredDraft = {
      step: this.step,
      title: this.title,
      description: this.description,
      categoryId: this.categoryId,
      lng: this.lng,
      lat: this.lat,
      photoName: this.photoName,
    };
    this.#storage?.setItem(STORAGE_KEY, JSON.stringify(draft));
  }
}
