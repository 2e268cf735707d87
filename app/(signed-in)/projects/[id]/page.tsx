import type { Metadata } from 'next';
import { SignedInPage } from '@/components/layout/signed-in-page';
import { ProjectView } from '@/components/projects/project-view';

export const metadata: Metadata = { title: 'Project · JWT Auth' };

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed so moving to another project starts from its own loading state, not the last one's data.
  return (
    <SignedInPage>
      <ProjectView key={id} id={id} />
    </SignedInPage>
  );
}
